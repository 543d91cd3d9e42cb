#pragma once
/**
 * @file The largest inputs corridor accepts (docs/scenario-format.md, "Limits").
 *
 * Each bound keeps one run within seconds-to-hours and a few GiB on a workstation, and every
 * simulated time finite; a value beyond one is an error at its file:line:col before anything is
 * simulated, never a hang, a crash or an exhausted memory.
 */
#include <cstddef>

namespace corridor::limits {

/**
 * scenario.horizon_days and drain_days: 1e6 days. Simulated hours stay below 3e7, where a
 * double still resolves about 4e-9 h; benchmarks run centuries at low volume.
 */
inline constexpr double kMaxHorizonDays = 1e6;
/** scenario.replications and --replications. */
inline constexpr long long kMaxReplications = 100000;
/** facilities[].servers: one record of free time each. */
inline constexpr long long kMaxServers = 100000;
/** services[].fleet. */
inline constexpr long long kMaxFleet = 1000000;
/** links[].gauge_mm. */
inline constexpr long long kMaxGaugeMm = 10000;
/** Any number in a scenario: sums of such numbers stay finite. */
inline constexpr double kMaxNumber = 1e15;
/** Any parameter or value of a distribution (hours or TEU): start time + draw stays finite. */
inline constexpr double kMaxDistributionValue = 1e9;
/** links[].distance_km. */
inline constexpr double kMaxDistanceKm = 1e6;
/** links[].speed_kmh at least this: a link takes at most kMaxDistanceKm / this = 1e9 hours. */
inline constexpr double kMinSpeedKmh = 1e-3;
/**
 * Expected shipments created in one replication: the sum over flows of
 * teu_per_year / mean shipment_teu × horizon_days / 365. Records are streamed, so a shipment
 * costs 8 bytes (its transit time, for the quantiles) once delivered and about 120 bytes while
 * in transit: 2e8 of them is 1.6 GB when the cargo flows, and more only if most of it is stuck.
 */
inline constexpr double kMaxShipmentsPerRun = 2e8;
/** Expected vehicle loads of one replication: TEU over the horizon / capacity_teu, per leg. */
inline constexpr double kMaxVehicleLoadsPerRun = 4e8;
/** Scheduled departures (every_h) of one service over the horizon. */
inline constexpr double kMaxDeparturesPerRun = 1e7;
/**
 * Breakdown windows of one disruption: its windows are drawn up front until 400 days past the
 * end of the drain, about (horizon + drain + 400 days) / (mtbf_h + mttr_h) of them.
 */
inline constexpr double kMaxBreakdownWindows = 1e6;
/** Hours past the end of the drain that calendars and breakdown windows reach (the engine's margin). */
inline constexpr double kCalendarMarginH = 400 * 24;
/**
 * Steps of a run's time series over horizon + drain (`run --step-days`): each replication keeps
 * steps x (4 per facility + 2 per (flow, route) pair) doubles, and timeseries.csv has a row per
 * step and facility or pair.
 */
inline constexpr double kMaxSeriesSteps = 1e6;
/** Cases of one experiment, counted before they are expanded. */
inline constexpr double kMaxExperimentCases = 1e6;
/** Runs (cases × replications) of one batch. */
inline constexpr double kMaxBatchRuns = 1e7;
/** Nesting of YAML collections in a scenario or experiment file, and of JSON in `compare`. */
inline constexpr int kMaxNestingDepth = 64;
/** Diagnostics printed for one file; the rest are counted ("... and N more errors"). */
inline constexpr std::size_t kMaxPrintedErrors = 50;

} // namespace corridor::limits
