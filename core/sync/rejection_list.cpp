// A direction's rejected revisions (see rejection_list.h).
#include "core/sync/rejection_list.h"

#include "core/json_field.h"

#include <algorithm>

namespace crm::core {

bool RejectionList::contains(const std::string& id, const std::string& rev) const {
    return std::any_of(m_list.begin(), m_list.end(), [&](const Rejection& x) { return x.id == id && x.rev == rev; });
}

void RejectionList::add(Rejection rejection) {
    if (rejection.id.empty() || contains(rejection.id, rejection.rev)) return;
    m_list.push_back(std::move(rejection));
}

void RejectionList::forgetSuperseded(const std::string& id, const RevisionTree* tree) {
    m_list.erase(std::remove_if(m_list.begin(), m_list.end(),
                                [&](const Rejection& x) {
                                    if (x.id != id) return false;
                                    auto rev = RevId::parse(x.rev);
                                    return !(tree && rev && tree->isLeaf(*rev));
                                }),
                 m_list.end());
}

bool RejectionList::rejectsLeaf(const std::string& id, const RevisionTree& tree) const {
    return std::any_of(m_list.begin(), m_list.end(), [&](const Rejection& x) {
        auto rev = RevId::parse(x.rev);
        return x.id == id && rev && tree.isLeaf(*rev);
    });
}

Json RejectionList::toJson() const {
    Json out = Json::array();
    for (const Rejection& r : m_list)
        out.push_back(Json{{"id", r.id}, {"rev", r.rev}, {"error", r.error}, {"reason", r.reason}});
    return out;
}

void RejectionList::load(const Json& checkpoint) {
    auto it = checkpoint.find("rejected");
    if (it == checkpoint.end() || !it->is_array()) return;
    for (const Json& j : *it)
        add(Rejection{stringField(j, "id"), stringField(j, "rev"), stringField(j, "error"), stringField(j, "reason")});
}

}  // namespace crm::core
