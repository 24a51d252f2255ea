// Builds SearchEntry values from customer and vehicle JSON documents.
#include "core/search/search_entry.h"

#include <unordered_map>

namespace crm::core {
namespace {

// A field as searchable text: a string, or a whole number written out (a phone stored as a number).
std::string searchableField(const Json& doc, const char* key) {
    const auto it = doc.find(key);
    if (it == doc.end()) {
        return {};
    }
    if (it->is_string()) {
        return it->get<std::string>();
    }
    if (it->is_number_integer()) {
        return std::to_string(it->get<long long>());
    }
    return {};
}

bool isDeleted(const Json& doc) {
    const auto it = doc.find("_deleted");
    return it != doc.end() && it->is_boolean() && it->get<bool>();
}

void addVehicle(SearchEntry& entry, const Json& vehicle) {
    if (isDeleted(vehicle)) {
        return;
    }
    if (std::string plate = searchableField(vehicle, "plate"); !plate.empty()) {
        entry.plates.push_back(std::move(plate));
    }
    if (std::string vin = searchableField(vehicle, "vin"); !vin.empty()) {
        entry.vins.push_back(std::move(vin));
    }
}

}  // namespace

SearchEntry SearchEntry::fromDocs(const Json& customer, std::span<const Json> vehicles) {
    SearchEntry entry;
    if (!customer.is_object()) {
        return entry;
    }
    entry.id = searchableField(customer, "_id");
    entry.name = searchableField(customer, "name");
    if (const auto phones = customer.find("phones"); phones != customer.end() && phones->is_array()) {
        for (const Json& phone : *phones) {
            std::string number = phone.is_object() ? searchableField(phone, "number") : std::string{};
            if (phone.is_object() && number.empty()) {
                number = searchableField(phone, "value");
            } else if (phone.is_string()) {
                number = phone.get<std::string>();
            }
            if (!number.empty()) {
                entry.phones.push_back(std::move(number));
            }
        }
    }
    if (std::string phone = searchableField(customer, "phone"); !phone.empty()) {
        entry.phones.push_back(std::move(phone));
    }
    entry.company = searchableField(customer, "company");
    if (entry.company.empty()) {
        if (const auto employer = customer.find("employer"); employer != customer.end()) {
            entry.company = employer->is_object() ? searchableField(*employer, "name") : searchableField(customer, "employer");
        }
    }
    if (const auto tags = customer.find("tags"); tags != customer.end() && tags->is_array()) {
        for (const Json& tag : *tags) {
            if (tag.is_string()) {
                entry.tags.push_back(tag.get<std::string>());
            }
        }
    }
    for (const Json& vehicle : vehicles) {
        if (vehicle.is_object() && searchableField(vehicle, "customer_id") == entry.id) {
            addVehicle(entry, vehicle);
        }
    }
    return entry;
}

std::vector<SearchEntry> searchEntriesFromDocs(std::span<const Json> docs) {
    std::vector<SearchEntry> entries;
    std::unordered_map<std::string, std::size_t> byId;
    for (const Json& doc : docs) {
        if (doc.is_object() && !isDeleted(doc) && searchableField(doc, "type") == "customer") {
            byId.emplace(searchableField(doc, "_id"), entries.size());
            entries.push_back(SearchEntry::fromDocs(doc));
        }
    }
    for (const Json& doc : docs) {
        if (doc.is_object() && searchableField(doc, "type") == "vehicle") {
            if (const auto it = byId.find(searchableField(doc, "customer_id")); it != byId.end()) {
                addVehicle(entries[it->second], doc);
            }
        }
    }
    return entries;
}

}  // namespace crm::core
