// The translation tables behind tr(): one table per area of the app, each in its own catalog_*.cpp file.
// To add an area: define `const CatalogTable kXxxCatalog` in catalog_xxx.cpp and list it in kCatalogs below.
#pragma once
#include <cstddef>

namespace crm::core {

struct CatalogEntry {
    const char* key;
    const char* zh;
    const char* en;
};

struct CatalogTable {
    const CatalogEntry* entries;
    size_t count;
};

extern const CatalogTable kMainCatalog;
extern const CatalogTable kSyncViewCatalog;
extern const CatalogTable kCustomerFileCatalog;
extern const CatalogTable kComfortCatalog;
extern const CatalogTable kCustomerRecordsCatalog;
extern const CatalogTable kRecordsCatalog;
extern const CatalogTable kComplaintsCatalog;
extern const CatalogTable kSurveysCatalog;

inline const CatalogTable* const kCatalogs[] = {&kMainCatalog,          &kSyncViewCatalog,  &kCustomerFileCatalog,
                                                &kComfortCatalog,       &kCustomerRecordsCatalog, &kRecordsCatalog,
                                                &kComplaintsCatalog,    &kSurveysCatalog};

} // namespace crm::core
