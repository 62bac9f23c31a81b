//===- Statistics.h - Always-tracked gotfree counters -----------*- C++ -*-===//
//
// Debian's LLVM is a release build, where STATISTIC compiles to a no-op
// counter. gotfree's counters are always tracked (the same TrackingStatistic
// that STATISTIC uses in assertion builds), so that -stats-file and -stats
// report them.
//
//===----------------------------------------------------------------------===//

#ifndef GOTFREE_STATISTICS_H
#define GOTFREE_STATISTICS_H

#include "llvm/ADT/Statistic.h"

#define GOTFREE_STATISTIC(VARNAME, DESC)                                       \
  static llvm::TrackingStatistic VARNAME = {DEBUG_TYPE, #VARNAME, DESC}

#endif
