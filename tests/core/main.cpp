// Entry point of the core doctest suite (native and wasm-under-node).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
