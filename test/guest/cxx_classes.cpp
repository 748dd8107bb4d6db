// C++ object model: global constructors/destructors and their order,
// virtual dispatch through base pointers, multiple inheritance with pointer
// adjustment, templates, smart pointers, operator overloading, lambdas
// with captures and std::function, and dynamic_cast/typeid.
#include <cstdio>
#include <functional>
#include <memory>
#include <typeinfo>
#include <vector>

namespace {

struct Tracer {
    const char *name;
    explicit Tracer(const char *n) : name(n) { std::printf("construct global %s\n", name); }
    ~Tracer() { std::printf("destroy global %s\n", name); }
};

Tracer first_global("first");
Tracer second_global("second");

struct Shape {
    virtual ~Shape() { std::printf("~Shape\n"); }
    virtual double area() const = 0;
    virtual const char *name() const { return "shape"; }
};

struct Rect : Shape {
    double w, h;
    Rect(double w_, double h_) : w(w_), h(h_) {}
    ~Rect() override { std::printf("~Rect\n"); }
    double area() const override { return w * h; }
    const char *name() const override { return "rect"; }
};

struct Square final : Rect {
    explicit Square(double s) : Rect(s, s) {}
    ~Square() override { std::printf("~Square\n"); }
    const char *name() const override { return "square"; }
};

struct Circle : Shape {
    double r;
    explicit Circle(double r_) : r(r_) {}
    double area() const override { return 3.0 * r * r; }
};

struct Named {
    virtual ~Named() = default;
    int tag = 77;
};

struct Both : Named, Rect {
    Both() : Rect(2, 5) {}
};

template <typename T, int N> struct Ring {
    T items[N] = {};
    int head = 0;
    void push(T v) { items[head++ % N] = v; }
    T sum() const
    {
        T s{};
        for (const T &x : items)
            s += x;
        return s;
    }
};

struct Vec2 {
    int x, y;
    Vec2 operator+(Vec2 o) const { return {x + o.x, y + o.y}; }
    Vec2 operator*(int k) const { return {x * k, y * k}; }
    bool operator==(const Vec2 &o) const { return x == o.x && y == o.y; }
};

template <typename F> int apply_twice(F f, int v) { return f(f(v)); }

} // namespace

int main()
{
    std::printf("main starts\n");
    {
        std::vector<std::unique_ptr<Shape>> shapes;
        shapes.push_back(std::make_unique<Rect>(2, 3));
        shapes.push_back(std::make_unique<Square>(4));
        shapes.push_back(std::make_unique<Circle>(1));
        for (const auto &s : shapes)
            std::printf("%s area %.1f rect? %s\n", s->name(), s->area(),
                        dynamic_cast<Rect *>(s.get()) ? "yes" : "no");
    }
    Both both;
    Rect *as_rect = &both;
    Named *as_named = &both;
    std::printf("multiple inheritance: area %.0f tag %d same object %s\n", as_rect->area(),
                as_named->tag, dynamic_cast<Both *>(as_rect) == dynamic_cast<Both *>(as_named) ? "yes" : "no");
    std::printf("typeid names equal: %s\n", typeid(*as_rect) == typeid(Both) ? "yes" : "no");

    Ring<int, 4> ring;
    for (int i = 1; i <= 10; i++)
        ring.push(i);
    Ring<double, 3> dring;
    dring.push(0.5);
    dring.push(0.25);
    std::printf("ring sums: %d %.2f\n", ring.sum(), dring.sum());

    Vec2 v = Vec2{1, 2} + Vec2{3, 4} * 2;
    std::printf("vec (%d,%d) equal to (7,10): %s\n", v.x, v.y, v == Vec2{7, 10} ? "yes" : "no");

    int base = 10;
    auto add_base = [&base](int x) { return x + base; };
    std::function<int(int)> times3 = [](int x) { return x * 3; };
    base = 100;
    std::printf("lambdas: %d %d %d\n", add_base(1), apply_twice(times3, 2), apply_twice(add_base, 0));

    auto shared = std::make_shared<Square>(3);
    std::weak_ptr<Square> weak = shared;
    {
        auto copy = shared;
        std::printf("shared use_count %ld\n", shared.use_count());
    }
    std::printf("use_count after scope %ld, weak expired %s\n", shared.use_count(),
                weak.expired() ? "yes" : "no");
    shared.reset();
    std::printf("weak expired after reset %s\n", weak.expired() ? "yes" : "no");
    std::printf("main returns\n");
    return 0;
}
