// Pieces shared by the alert sources (kb/alerts.cc, alert_raise.cc,
// alert_delivery.cc, alert_formats.cc). Private to kb/.
#ifndef NEWSINTEL_KB_ALERTS_INTERNAL_H_
#define NEWSINTEL_KB_ALERTS_INTERNAL_H_

#include <cstdint>
#include <string>

#include "kb/alerts.h"
#include "kb/kb_impl.h"

namespace newsintel {
namespace alerts_internal {

// `now` if not 0, else the current time, in seconds since the epoch.
int64_t NowSeconds(int64_t now);

// Matches the queued claims against every rule and writes the alerts and their
// outbox rows (see AlertCenter::Raise). REQUIRES: `impl` opened for writing.
Result<RaiseStats> RaiseAlerts(KnowledgeBase::Impl* impl, int64_t now);

}  // namespace alerts_internal
}  // namespace newsintel

#endif  // NEWSINTEL_KB_ALERTS_INTERNAL_H_
