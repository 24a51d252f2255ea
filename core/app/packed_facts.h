// One customer's classification facts packed into a few dozen bytes (issue 14): ClassificationService keeps
// every customer's facts this way (as structs with strings and vectors they took ~600 B a customer in wasm) and
// unpacks one when it ranks it or a view asks. Dates are day numbers, amounts exact, vehicle ids the store's refs.
#pragma once
#include "core/app/store_id_ref.h"
#include "core/domain/classification.h"

#include <string>
#include <string_view>
#include <vector>

namespace crm::core {

// A customer's facts and the reminder keys its follow-ups closed, packed. The customer's own id is left out
// (the caller keys the bytes by it); vehicle ids the store knows are kept as its 4-byte references.
std::string packFacts(const CustomerFacts& facts, const std::vector<std::string>& resolved, const DocumentStore& store);

struct UnpackedFacts {
    CustomerFacts facts;
    std::vector<std::string> resolved;
};
// The facts packFacts was given, with `customerId` as their id (identical field by field).
UnpackedFacts unpackFacts(std::string_view packed, std::string customerId, const DocumentStore& store);

}  // namespace crm::core
