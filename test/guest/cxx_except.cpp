// C++ exceptions: throwing across several frames with destructors running
// in order, catching by base class, rethrow with `throw;`, nested handlers,
// exceptions from constructors, std::exception_ptr and standard exceptions.
// The unwinder reads .eh_frame and restores callee-saved registers, so an
// emulator bug in stack or register handling shows up here.
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct Base : std::exception {
    int code;
    explicit Base(int c) : code(c) {}
    const char *what() const noexcept override { return "Base"; }
};

struct Derived : Base {
    std::string detail;
    Derived(int c, std::string d) : Base(c), detail(std::move(d)) {}
    const char *what() const noexcept override { return "Derived"; }
};

struct Guard {
    std::string name;
    explicit Guard(std::string n) : name(std::move(n)) { std::printf("enter %s\n", name.c_str()); }
    ~Guard() { std::printf("leave %s\n", name.c_str()); }
};

long saved_sum;

[[gnu::noinline]] void level3(int v)
{
    Guard g("level3");
    // Callee-saved registers hold live values across the throw.
    long a = v * 3, b = v * 5, c = v * 7;
    saved_sum = a + b + c;
    if (v > 0)
        throw Derived(v, "from level3");
}

[[gnu::noinline]] void level2(int v)
{
    Guard g("level2");
    std::vector<int> owned(100, v);
    level3(v);
}

[[gnu::noinline]] void level1(int v)
{
    Guard g("level1");
    try {
        level2(v);
    } catch (const Derived &d) {
        std::printf("level1 saw %s code %d, rethrowing\n", d.detail.c_str(), d.code);
        throw;
    }
}

struct Fragile {
    Guard member{"Fragile::member"};
    explicit Fragile(bool fail)
    {
        if (fail)
            throw std::runtime_error("constructor failed");
    }
};

void across_frames()
{
    long keep1 = 11, keep2 = 22;
    try {
        level1(4);
    } catch (const Base &b) {
        std::printf("caught by base: what=%s code=%d sum=%ld\n", b.what(), b.code, saved_sum);
    }
    std::printf("locals intact: %ld %ld\n", keep1, keep2);
    level1(0);
    std::printf("no throw path done\n");
}

void standard_exceptions()
{
    try {
        std::vector<int> v(3);
        (void)v.at(10);
    } catch (const std::out_of_range &e) {
        std::printf("out_of_range caught\n");
    }
    try {
        std::string s("abc");
        s.substr(9);
    } catch (const std::logic_error &e) {
        std::printf("logic_error base caught substr\n");
    }
    try {
        throw 42;
    } catch (double) {
        std::printf("wrong handler\n");
    } catch (int i) {
        std::printf("int caught %d\n", i);
    }
    try {
        throw "c-string";
    } catch (...) {
        std::printf("catch-all caught\n");
    }
    try {
        Fragile f(true);
    } catch (const std::runtime_error &e) {
        std::printf("runtime_error: %s\n", e.what());
    }
}

void nested_and_ptr()
{
    std::exception_ptr saved;
    try {
        try {
            throw std::invalid_argument("inner");
        } catch (const std::exception &e) {
            std::printf("inner handler: %s\n", e.what());
            try {
                throw std::length_error("while handling");
            } catch (const std::length_error &e2) {
                std::printf("nested handler: %s\n", e2.what());
            }
            saved = std::current_exception();
            throw std::overflow_error("replacement");
        }
    } catch (const std::overflow_error &e) {
        std::printf("outer handler: %s\n", e.what());
    }
    try {
        std::rethrow_exception(saved);
    } catch (const std::invalid_argument &e) {
        std::printf("rethrown from exception_ptr: %s\n", e.what());
    }
    std::printf("uncaught_exceptions now: %d\n", std::uncaught_exceptions());
}

} // namespace

int main()
{
    across_frames();
    standard_exceptions();
    nested_and_ptr();
    int count = 0;
    for (int i = 0; i < 300; i++) {
        try {
            if (i % 3 == 0)
                throw Derived(i, "loop");
        } catch (const Base &b) {
            count += b.code;
        }
    }
    std::printf("300-iteration throw loop sum: %d\n", count);
    return 0;
}
