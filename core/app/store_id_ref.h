// The store's own copy of a document id (DocumentStore::idRef: stable while the store lives), which derived
// views key their entries by instead of copies of the id. Only this file knows idRef's type.
#pragma once
#include "core/store/document_store.h"

#include <string>
#include <utility>

namespace crm::core {

using StoreIdRef = decltype(std::declval<const DocumentStore&>().idRef(std::string()));
inline const std::string& idText(StoreIdRef ref) { return *ref; }

}  // namespace crm::core
