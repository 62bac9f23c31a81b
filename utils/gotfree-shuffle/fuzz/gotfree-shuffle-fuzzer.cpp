//===- gotfree-shuffle-fuzzer.cpp - libFuzzer target for gotfree-shuffle --===//
//
// Feeds arbitrary bytes through gotfree-shuffle twice: a plain permutation,
// and a permutation that also groups unrelocated functions and writes the
// start-up map. Bad input must come back as an llvm::Error or a finding;
// ASan and the fuzzer's timeout catch the rest. An accepted input must give
// an image of the input's size, which gotfree-check reads whenever it reads
// the input, and which is shuffled again (its own tests do that too).
//
//===----------------------------------------------------------------------===//

#include "../Shuffle.h"
#include "Checks.h"

#include <cstdlib>
#include <vector>

using namespace llvm;
using namespace gotfree;

static void shuffleOnce(const std::vector<uint8_t> &Bytes,
                        const ShuffleOptions &Opts, const X86Decoder &Dec,
                        bool Again) {
  MemoryBufferRef Buf(
      StringRef(reinterpret_cast<const char *>(Bytes.data()), Bytes.size()),
      "fuzz-input");
  Expected<ShuffleResult> R = shuffle(Buf, Opts, Dec);
  if (!R) {
    consumeError(R.takeError());
    return;
  }
  if (!R->Findings.empty()) {
    if (!R->Image.empty())
      abort(); // A refusal writes nothing.
    return;
  }
  if (R->Image.size() != Bytes.size())
    abort();
  // The output is as readable to gotfree-check as the input.
  CheckOptions CO;
  Expected<Report> Before = runChecks(Buf, CO, Dec);
  bool Readable = bool(Before);
  if (!Before)
    consumeError(Before.takeError());
  MemoryBufferRef Out(StringRef(reinterpret_cast<const char *>(R->Image.data()),
                                R->Image.size()),
                      "fuzz-output");
  Expected<Report> After = runChecks(Out, CO, Dec);
  if (!After) {
    if (Readable)
      abort();
    consumeError(After.takeError());
  }
  if (Again) {
    ShuffleOptions Next = Opts;
    Next.Seed += 1;
    shuffleOnce(R->Image, Next, Dec, /*Again=*/false);
  }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  static std::unique_ptr<X86Decoder> Dec = cantFail(X86Decoder::create());
  // Exactly Size bytes, so that ASan sees any read past the end.
  std::vector<uint8_t> Bytes(Data, Data + Size);
  ShuffleOptions Plain;
  Plain.Seed = 1;
  shuffleOnce(Bytes, Plain, *Dec, /*Again=*/true);
  ShuffleOptions All;
  All.Seed = 2;
  All.GroupUnrelocated = true;
  All.Embed = true;
  shuffleOnce(Bytes, All, *Dec, /*Again=*/false);
  return 0;
}
