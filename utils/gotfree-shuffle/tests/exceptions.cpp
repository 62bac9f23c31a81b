// C++ exceptions thrown and caught across functions that gotfree-shuffle
// moves: the unwinder finds each frame through .eh_frame_hdr's sorted table
// and .eh_frame, and each landing pad through .gcc_except_table, so every
// one of them must follow the new layout. Prints a deterministic trace.
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace {
struct Tracked {
  static int Live;
  int Id;
  explicit Tracked(int Id) : Id(Id) { ++Live; }
  ~Tracked() { --Live; }
};
int Tracked::Live = 0;

struct AppError : std::runtime_error {
  int Depth;
  AppError(const std::string &W, int D) : std::runtime_error(W), Depth(D) {}
};
} // namespace

__attribute__((noinline)) int leaf(int N) {
  Tracked T(N);
  if (N % 7 == 3)
    throw AppError("leaf " + std::to_string(N), N);
  if (N % 11 == 5)
    throw std::out_of_range("range " + std::to_string(N));
  if (N % 13 == 8)
    throw N;
  return N * 3 + 1;
}

__attribute__((noinline)) int middle(int N) {
  Tracked T(-N);
  std::vector<int> V(3, N);
  int Sum = 0;
  for (int X : V)
    Sum += leaf(X + static_cast<int>(V.size()) - 3);
  return Sum;
}

__attribute__((noinline)) int rethrowing(int N) {
  try {
    return middle(N);
  } catch (const AppError &E) {
    if (E.Depth % 2)
      throw; // Rethrown to the outer handler.
    return -E.Depth;
  }
}

__attribute__((noinline)) long run(int N) {
  try {
    return rethrowing(N);
  } catch (const AppError &E) {
    std::printf("caught AppError '%s' at %d\n", E.what(), N);
    return 1000 + E.Depth;
  } catch (const std::exception &E) {
    std::printf("caught std::exception '%s' at %d\n", E.what(), N);
    return 2000;
  } catch (int V) {
    std::printf("caught int %d at %d\n", V, N);
    return 3000 + V;
  }
}

int main() {
  long Total = 0;
  for (int N = 0; N < 60; ++N)
    Total += run(N);
  std::printf("total %ld, live objects %d\n", Total, Tracked::Live);
  return Tracked::Live == 0 ? 0 : 1;
}
