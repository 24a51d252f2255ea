// crm.surveys.bench ({answers, customers}) for ./crm bench: times the survey analysis over a generated
// answer table in this browser — all at once (3 runs) and in the frame loop's steps (the longest step).
#pragma once
#include "core/json.h"

namespace crm::web {

core::Json surveyBench(const core::Json& arg);

} // namespace crm::web
