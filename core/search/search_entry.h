// The searchable text of one customer (name, phones, plates, VINs, company, tags), built from the
// customer document and the customer's vehicle documents.
#pragma once
#include <span>
#include <string>
#include <vector>

#include "core/json.h"

namespace crm::core {

struct SearchEntry {
    std::string id;  // the customer document's _id
    std::string name;
    std::vector<std::string> phones;
    std::vector<std::string> plates;
    std::vector<std::string> vins;
    std::string company;
    std::vector<std::string> tags;

    // Customer fields: _id, name, phones[] (or phone), company (or employer, a string or {name}),
    // tags[]; phones may be strings or {number}/{value} objects. Vehicles: plate, vin, taken from
    // those whose customer_id is the customer's _id (deleted ones skipped).
    static SearchEntry fromDocs(const Json& customer, std::span<const Json> vehicles = {});
};

// Entries for every live customer among `docs` (any document types, in any order), each with its vehicles.
std::vector<SearchEntry> searchEntriesFromDocs(std::span<const Json> docs);

}  // namespace crm::core
