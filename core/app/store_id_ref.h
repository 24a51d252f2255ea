// The store's own reference to a document (DocumentStore::idRef: a 4-byte entry number, stable while the store
// lives), which derived views key their entries by instead of copies of the id. Only this file knows idRef's type.
#pragma once
#include "core/store/document_store.h"

#include <string>

namespace crm::core {

using StoreIdRef = DocIndex;
constexpr StoreIdRef kNoStoreId = kNoDoc;  // the store has no such document
inline std::string idText(const DocumentStore& store, StoreIdRef ref) { return std::string(store.idOf(ref)); }

}  // namespace crm::core
