// rojad: the filtering DNS resolver proxy (still minimal: see README "Status").
#include <iostream>
#include <string_view>

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--version") {
            std::cout << "rojad " << ROJA_VERSION << "\n";
            return 0;
        }
    }
    std::cerr << "rojad " << ROJA_VERSION << ": the resolver is not built yet\n";
    return 1;
}
