// iostream and the standard library: cout formatting manipulators,
// stringstream parsing, std::sort with a comparator, std::map word counts,
// std::string operations, algorithms and containers.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

static void formatting()
{
    std::cout << "int " << 42 << " negative " << -7 << " bool " << true << ' '
              << std::boolalpha << false << std::noboolalpha << '\n';
    std::cout << std::hex << 255 << ' ' << std::showbase << 255 << ' ' << std::uppercase << 255
              << std::nouppercase << std::noshowbase << std::dec << ' ' << std::oct << 8
              << std::dec << '\n';
    std::cout << '[' << std::setw(8) << 3.5 << "] [" << std::left << std::setw(8) << "left"
              << std::right << "] [" << std::setfill('0') << std::setw(6) << 42
              << std::setfill(' ') << "]\n";
    std::cout << std::fixed << std::setprecision(3) << 3.14159265 << ' ' << std::scientific
              << 12345.678 << ' ' << std::defaultfloat << std::setprecision(6) << 0.1 + 0.2
              << ' ' << std::setprecision(17) << 0.1 + 0.2 << std::setprecision(6) << '\n';
    std::cerr << "cerr line " << 1 << std::endl;
    std::clog << "clog line " << 2 << '\n';
}

static void parsing()
{
    std::istringstream in("10 20 thirty 40\n3.25 word");
    int a = 0, b = 0, c = 0;
    in >> a >> b >> c;
    std::cout << "parsed " << a << ' ' << b << " then fail=" << in.fail() << '\n';
    in.clear();
    std::string skipped;
    in >> skipped >> c;
    double d = 0;
    std::string w;
    in >> d >> w;
    std::cout << "recovered skipped=" << skipped << " c=" << c << " d=" << d << " w=" << w
              << " eof=" << in.eof() << '\n';
    std::ostringstream out;
    out << "built " << std::setw(4) << 7 << '|' << 2.5;
    std::cout << out.str() << " (length " << out.str().size() << ")\n";
    std::string line;
    std::istringstream lines("first line\nsecond line\n\nfourth");
    int n = 0;
    while (std::getline(lines, line))
        std::cout << "line " << ++n << ": '" << line << "'\n";
}

struct Person {
    std::string name;
    int age;
};

static void containers()
{
    std::vector<Person> people{{"mallory", 41}, {"alice", 30}, {"bob", 25},
                               {"carol", 30}, {"dave", 25}, {"eve", 35}};
    std::sort(people.begin(), people.end(), [](const Person &x, const Person &y) {
        return x.age != y.age ? x.age < y.age : x.name < y.name;
    });
    for (const auto &p : people)
        std::cout << p.name << '(' << p.age << ") ";
    std::cout << '\n';

    std::string text = "the cat and the hat and the bat sat on the mat";
    std::map<std::string, int> counts;
    std::istringstream words(text);
    for (std::string word; words >> word;)
        counts[word]++;
    for (const auto &[word, count] : counts)
        std::cout << word << '=' << count << ' ';
    std::cout << '\n';

    std::unordered_map<int, std::string> squares;
    for (int i = 0; i < 50; i++)
        squares[i * i] = std::to_string(i);
    std::set<int> keys;
    for (const auto &kv : squares)
        keys.insert(kv.first);
    std::cout << "unordered_map size " << squares.size() << " has 49: " << squares.count(49)
              << " -> " << squares[49] << " largest key " << *keys.rbegin() << '\n';

    std::vector<int> v(20);
    std::iota(v.begin(), v.end(), -5);
    std::reverse(v.begin(), v.end());
    auto evens = std::count_if(v.begin(), v.end(), [](int x) { return x % 2 == 0; });
    auto sum = std::accumulate(v.begin(), v.end(), 0L);
    const auto [min_it, max_it] = std::minmax_element(v.begin(), v.end());
    const int mn = *min_it, mx = *max_it;
    std::stable_sort(v.begin(), v.end(), [](int x, int y) { return std::abs(x) < std::abs(y); });
    std::cout << "evens " << evens << " sum " << sum << " min " << mn << " max " << mx
              << " by |x|:";
    for (int x : v)
        std::cout << ' ' << x;
    std::cout << '\n';
}

static void strings()
{
    std::string s = "Hello, World";
    s += "! again";
    std::cout << s << " size " << s.size() << " find World " << s.find("World") << " rfind o "
              << s.rfind('o') << " npos? " << (s.find("xyz") == std::string::npos) << '\n';
    std::string up = s;
    std::transform(up.begin(), up.end(), up.begin(), [](unsigned char ch) { return std::toupper(ch); });
    std::cout << up << ' ' << s.substr(7, 5) << ' ' << s.compare("Hello") << '\n';
    s.replace(0, 5, "Goodbye");
    s.insert(0, ">> ");
    s.erase(s.size() - 6);
    std::cout << s << '\n';
    std::cout << std::stoi("  -123") << ' ' << std::stod("2.5e2") << ' ' << std::to_string(1.5)
              << ' ' << std::stoul("ff", nullptr, 16) << '\n';
    std::string big(100000, 'x');
    big[50000] = 'y';
    std::cout << "big string y at " << big.find('y') << '\n';
}

int main()
{
    formatting();
    parsing();
    containers();
    strings();
    return 0;
}
