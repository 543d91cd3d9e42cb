// Reference benchmark: the two corridor benchmark models as a plain event loop (no SimGrid), built on a
// std::priority_queue of (time, sequence, event type, entity); the sequence number keeps ties FIFO.
//   mmc:    M/M/c border post; mirrors bench/scenarios/mmc.yaml. Trucks arrive Poisson (4/h), drive A->B
//           (1e-3 h), queue FIFO for one of 5 servers (exponential, mean 1 h), drive B->C (1e-3 h).
//   tandem: truck -> border -> gauge-change yard -> scheduled train -> port; mirrors
//           bench/scenarios/tandem.yaml. Trucks (1 TEU, Poisson 4/h) drive A->B (2 h), border (5 servers,
//           exp. mean 1 h), B->Y (1 h), yard (3 servers, exp. mean 0.5 h), then wait for a train. Trains
//           leave Y every 6 h from t = 0 with up to 100 TEU (FIFO, even if empty), run 10 h to P and queue
//           for one berth (0.05 h per TEU); the TEU are delivered when the berth finishes.
// Prints one result line (same format as bench/simpy/*.py) and '#' check lines.
//   plain_loop mmc|tandem [N=1000000] [SEED=1]
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <queue>
#include <random>
#include <sys/resource.h>
#include <vector>

namespace {

constexpr double kLambda = 4.0;

double erlang_c_wait(int c, double lambda, double mean_service) {
  const double a = lambda * mean_service;
  double term = 1, sum = 1;
  for (int k = 1; k < c; ++k) {
    term *= a / k;
    sum += term;
  }
  const double last = term * a / c / (1 - a / c);
  return last / (sum + last) / (c / mean_service - lambda);
}

// One independent random stream per source of randomness.
class Stream {
public:
  Stream(std::uint64_t seed, std::uint64_t index) {
    std::seed_seq seq{seed, index};
    rng_.seed(seq);
  }
  double exponential(double mean) { return -mean * std::log1p(-static_cast<double>(rng_() >> 11) * 0x1p-53); }

private:
  std::mt19937_64 rng_;
};

struct Event {
  double t;
  std::uint64_t seq;
  int type;
  std::uint32_t entity;
  bool operator>(const Event& o) const { return t != o.t ? t > o.t : seq > o.seq; }
};

class Loop {
public:
  void at(double t, int type, std::uint32_t entity) { heap_.push(Event{t, seq_++, type, entity}); }
  bool empty() const { return heap_.empty(); }
  Event pop() {
    Event e = heap_.top();
    heap_.pop();
    ++events_;
    return e;
  }
  std::uint64_t events() const { return events_; }

private:
  std::priority_queue<Event, std::vector<Event>, std::greater<>> heap_;
  std::uint64_t seq_ = 0, events_ = 0;
};

// A FIFO multi-server station; `start` begins a service (and schedules its end).
struct Station {
  int free;
  std::deque<std::uint32_t> queue;
  double total_wait = 0;

  template <class Start> void arrive(std::uint32_t id, Start start) {
    if (free > 0)
      start(id);
    else
      queue.push_back(id);
  }
  template <class Start> void service_ended(Start start) {
    ++free;
    if (queue.empty()) return;
    const std::uint32_t next = queue.front();
    queue.pop_front();
    start(next);
  }
};

struct Check {
  const char* name;
  double got, expected;
};

struct Result {
  std::uint64_t events;
  double mean_wait_h, mean_transit_h;
  std::vector<Check> checks;
};

Result run_mmc(std::uint32_t n, std::uint64_t seed) {
  enum { Arrive, AtPost, ServiceEnd, Delivered };
  constexpr double kLinkH = 1e-3, kMeanServiceH = 1.0;
  Stream arrivals(seed, 0), service(seed, 1);
  std::vector<double> created(n), queued(n);
  Station post{5, {}};
  double transit = 0;
  Loop loop;
  const auto start_service = [&](std::uint32_t truck, double now) {
    --post.free;
    post.total_wait += now - queued[truck];
    loop.at(now + service.exponential(kMeanServiceH), ServiceEnd, truck);
  };

  loop.at(arrivals.exponential(1 / kLambda), Arrive, 0);
  while (!loop.empty()) {
    const Event e = loop.pop();
    const std::uint32_t truck = e.entity;
    switch (e.type) {
    case Arrive:
      created[truck] = e.t;
      loop.at(e.t + kLinkH, AtPost, truck);
      if (truck + 1 < n) loop.at(e.t + arrivals.exponential(1 / kLambda), Arrive, truck + 1);
      break;
    case AtPost:
      queued[truck] = e.t;
      post.arrive(truck, [&](std::uint32_t id) { start_service(id, e.t); });
      break;
    case ServiceEnd:
      post.service_ended([&](std::uint32_t id) { start_service(id, e.t); });
      loop.at(e.t + kLinkH, Delivered, truck);
      break;
    case Delivered:
      transit += e.t - created[truck];
      break;
    }
  }
  return {loop.events(),
          post.total_wait / n,
          transit / n,
          {{"border wait vs Erlang C", post.total_wait / n, erlang_c_wait(5, kLambda, kMeanServiceH)}}};
}

Result run_tandem(std::uint32_t n, std::uint64_t seed) {
  enum { Arrive, AtBorder, BorderEnd, AtYard, YardEnd, TrainDepart, TrainAtPort, PortEnd };
  constexpr double kAB = 2, kBY = 1, kYP = 10, kBorderMeanH = 1, kYardMeanH = 0.5;
  constexpr double kHeadwayH = 6, kPortHPerTeu = 0.05;
  constexpr std::size_t kTrainCapacity = 100;
  Stream arrivals(seed, 0), border_service(seed, 1), yard_service(seed, 2);
  std::vector<double> created(n), queued(n);
  std::vector<std::vector<std::uint32_t>> trains; // TEU on board, by train
  Station border{5, {}}, yard{3, {}}, port{1, {}};
  std::deque<std::uint32_t> waiting; // TEU at Y waiting for a train; queued[] holds the ready time
  double transit = 0, train_wait = 0;
  std::uint32_t delivered = 0;
  Loop loop;
  const auto start_truck = [&](Station& s, std::uint32_t truck, double now, double mean, Stream& rng,
                               int end) {
    --s.free;
    s.total_wait += now - queued[truck];
    loop.at(now + rng.exponential(mean), end, truck);
  };
  const auto start_train = [&](std::uint32_t train, double now) {
    --port.free;
    loop.at(now + kPortHPerTeu * static_cast<double>(trains[train].size()), PortEnd, train);
  };

  loop.at(arrivals.exponential(1 / kLambda), Arrive, 0);
  loop.at(0, TrainDepart, 0);
  while (!loop.empty()) {
    const Event e = loop.pop();
    const std::uint32_t id = e.entity;
    const auto at_border = [&](std::uint32_t truck) {
      start_truck(border, truck, e.t, kBorderMeanH, border_service, BorderEnd);
    };
    const auto at_yard = [&](std::uint32_t truck) {
      start_truck(yard, truck, e.t, kYardMeanH, yard_service, YardEnd);
    };
    const auto at_port = [&](std::uint32_t train) { start_train(train, e.t); };
    switch (e.type) {
    case Arrive:
      created[id] = e.t;
      loop.at(e.t + kAB, AtBorder, id);
      if (id + 1 < n) loop.at(e.t + arrivals.exponential(1 / kLambda), Arrive, id + 1);
      break;
    case AtBorder:
      queued[id] = e.t;
      border.arrive(id, at_border);
      break;
    case BorderEnd:
      border.service_ended(at_border);
      loop.at(e.t + kBY, AtYard, id);
      break;
    case AtYard:
      queued[id] = e.t;
      yard.arrive(id, at_yard);
      break;
    case YardEnd:
      yard.service_ended(at_yard);
      queued[id] = e.t;
      waiting.push_back(id);
      break;
    case TrainDepart: {
      if (delivered == n) break;
      auto& teus = trains.emplace_back();
      while (!waiting.empty() && teus.size() < kTrainCapacity) {
        train_wait += e.t - queued[waiting.front()];
        teus.push_back(waiting.front());
        waiting.pop_front();
      }
      loop.at(e.t + kYP, TrainAtPort, id);
      loop.at(e.t + kHeadwayH, TrainDepart, id + 1);
      break;
    }
    case TrainAtPort:
      port.arrive(id, at_port);
      break;
    case PortEnd:
      port.service_ended(at_port);
      for (const std::uint32_t teu : trains[id])
        transit += e.t - created[teu];
      delivered += static_cast<std::uint32_t>(trains[id].size());
      trains[id] = {};
      break;
    }
  }
  return {loop.events(),
          border.total_wait / n,
          transit / n,
          {{"border wait vs Erlang C", border.total_wait / n, erlang_c_wait(5, kLambda, kBorderMeanH)},
           {"yard wait vs Erlang C", yard.total_wait / n, erlang_c_wait(3, kLambda, kYardMeanH)},
           {"train wait vs H/2", train_wait / n, kHeadwayH / 2}}};
}

} // namespace

int main(int argc, char** argv) {
  const char* model = argc > 1 ? argv[1] : "";
  const bool mmc = std::strcmp(model, "mmc") == 0;
  const auto n = static_cast<std::uint32_t>(argc > 2 ? std::atof(argv[2]) : 1e6);
  const std::uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;
  if ((!mmc && std::strcmp(model, "tandem") != 0) || n == 0) {
    std::fprintf(stderr, "usage: plain_loop mmc|tandem [N=1000000, at least 1] [SEED=1]\n");
    return 2;
  }

  const auto start = std::chrono::steady_clock::now();
  const Result r = mmc ? run_mmc(n, seed) : run_tandem(n, seed);
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("model=%s impl=plain units=%u events=%llu wall_s=%.3f peak_rss_mb=%.1f mean_wait_h=%.4f "
              "mean_transit_h=%.4f\n",
              model, n, static_cast<unsigned long long>(r.events), wall_s, usage.ru_maxrss / 1024.0,
              r.mean_wait_h, r.mean_transit_h);
  for (const Check& c : r.checks)
    std::printf("# %s: %.4f h, expected %.4f h, rel diff %+.2f%%\n", c.name, c.got, c.expected,
                100 * (c.got - c.expected) / c.expected);
}
