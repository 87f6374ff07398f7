// A program that reaches into detail/: the check must refuse it.
#include <oauth2cc/detail/text/ascii.hpp>

int main() { return oauth2cc::detail::is_ascii_digit('1') ? 0 : 1; }
