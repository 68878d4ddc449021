// rojactl: the operator's command-line tool.
#include <iostream>

int main() {
    std::cerr << "rojactl " << ROJA_VERSION << "\n";
    return 1;
}
