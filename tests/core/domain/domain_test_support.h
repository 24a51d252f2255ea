// Test helpers for the domain doctests: readable CivilDate values in failure messages.
#pragma once
#include "core/domain/civil_date.h"

#include <doctest/doctest.h>

namespace doctest {
template <> struct StringMaker<crm::core::CivilDate> {
    static String convert(const crm::core::CivilDate& d) { return d.toString().c_str(); }
};
} // namespace doctest
