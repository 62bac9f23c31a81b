//===- gotfree-shuffle.cpp - Move the functions of a linked image ---------===//
//
// Usage: gotfree-shuffle [--seed N] [--embed] [--group-unrelocated] IN -o OUT
// Exit status (gotfree-check's): 0 written, 1 refused (findings listed, no
// output), 2 bad input or usage.
//
//===----------------------------------------------------------------------===//

#include "Shuffle.h"
#include "ToolIO.h"

#include "llvm/ObjCopy/CommonConfig.h"
#include "llvm/ObjCopy/ConfigManager.h"
#include "llvm/ObjCopy/ObjCopy.h"
#include "llvm/Object/Binary.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <random>

using namespace llvm;
using namespace gotfree;

static cl::OptionCategory Cat("gotfree-shuffle options");

static cl::opt<std::string> InputPath(cl::Positional, cl::desc("<input>"),
                                      cl::Required, cl::cat(Cat));
static cl::opt<std::string> OutputPath("o", cl::desc("Output file"),
                                       cl::value_desc("file"), cl::Required,
                                       cl::cat(Cat));
static cl::opt<std::string>
    SeedOpt("seed",
            cl::desc("Seed of the permutation (default: from the system's "
                     "randomness; printed either way)"),
            cl::value_desc("N"), cl::cat(Cat));
static cl::opt<bool>
    Embed("embed",
          cl::desc("Write the section map and the fixups into the image's "
                   "gotfree_shuffle_map, for a shuffle at start-up; without "
                   "--seed, the functions keep their order"),
          cl::cat(Cat));
static cl::opt<bool> GroupUnrelocated(
    "group-unrelocated",
    cl::desc("Move functions that reach each other without a relocation "
             "(libraries built without -ffunction-sections) as one block "
             "instead of refusing"),
    cl::cat(Cat));

[[noreturn]] static void badInput(StringRef Where, const Twine &Msg) {
  gotfree::badInput("gotfree-shuffle", Where, Msg);
}

// Drops the debug sections, which still describe the old layout.
static std::vector<uint8_t> stripDebug(std::vector<uint8_t> Image) {
  objcopy::ConfigManager Config;
  Config.Common.StripDebug = true;
  Config.Common.InputFilename = InputPath;
  Config.Common.OutputFilename = OutputPath;
  MemoryBufferRef Ref(
      StringRef(reinterpret_cast<const char *>(Image.data()), Image.size()),
      InputPath);
  Expected<std::unique_ptr<object::Binary>> Bin = object::createBinary(Ref);
  if (!Bin)
    badInput(InputPath, "re-reading the output: " + toString(Bin.takeError()));
  SmallVector<char, 0> Out;
  raw_svector_ostream OS(Out);
  if (Error E = objcopy::executeObjcopyOnBinary(Config, **Bin, OS))
    badInput(InputPath, "dropping debug sections: " + toString(std::move(E)));
  return std::vector<uint8_t>(Out.begin(), Out.end());
}

int main(int Argc, char **Argv) {
  InitLLVM X(Argc, Argv);
  cl::HideUnrelatedOptions(Cat);
  if (!cl::ParseCommandLineOptions(
          Argc, Argv,
          "gotfree-shuffle: permute the functions of an x86-64 executable "
          "linked with --emit-relocs and re-apply every reference\n",
          &errs()))
    return 2;

  ShuffleOptions Opts;
  Opts.Embed = Embed;
  Opts.GroupUnrelocated = GroupUnrelocated;
  if (!SeedOpt.empty()) {
    if (StringRef(SeedOpt).getAsInteger(0, Opts.Seed))
      badInput("--seed", "expected an unsigned integer, got '" + SeedOpt + "'");
  } else if (Embed) {
    Opts.Permute = false;
  } else {
    std::random_device Dev;
    Opts.Seed = (uint64_t(Dev()) << 32) | Dev();
  }

  Expected<std::unique_ptr<X86Decoder>> Dec = X86Decoder::create();
  if (!Dec)
    badInput("gotfree-shuffle", toString(Dec.takeError()));
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(
      InputPath, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!Buf)
    badInput(InputPath, Buf.getError().message());

  Expected<ShuffleResult> R = shuffle((*Buf)->getMemBufferRef(), Opts, **Dec);
  if (!R)
    badInput(InputPath, toString(R.takeError()));
  if (!R->Findings.empty()) {
    for (const ShuffleFinding &F : R->Findings)
      errs() << "gotfree-shuffle: error: " << InputPath
             << (F.Loc.empty() ? "" : ": " + F.Loc) << ": "
             << oneLine(F.Message) << "\n";
    errs() << "gotfree-shuffle: " << InputPath << ": refused, "
           << R->Findings.size() << " finding(s); nothing written\n";
    return 1;
  }

  std::vector<uint8_t> Image = std::move(R->Image);
  if (!R->StaleSections.empty())
    Image = stripDebug(std::move(Image));
  Buf->reset();
  writeFileAtomically("gotfree-shuffle", OutputPath, Image, InputPath);

  const ShuffleStats &S = R->Stats;
  outs() << "gotfree-shuffle: " << OutputPath << ": ";
  if (Opts.Permute)
    outs() << "seed " << Opts.Seed << ", ";
  else
    outs() << "order kept, ";
  outs() << S.Functions << " functions in " << S.Blocks << " blocks ("
         << S.GroupedFunctions << " kept together), .text "
         << format("0x%llx", (unsigned long long)S.TextUsed) << " of room "
         << format("0x%llx", (unsigned long long)S.TextSize) << " bytes"
         << (S.WastefulLast && !S.SortedByAlignment
                 ? " (the block with most padding moved last)"
                 : "")
         << (S.SortedByAlignment ? " (ordered within alignment classes)" : "")
         << (S.Redraws ? " (" + std::to_string(S.Redraws) + " orders redrawn)"
                       : std::string())
         << "; re-applied " << S.CodeRelocs << " code and " << S.DataRelocs
         << " data relocations, " << S.DynRelocs << " dynamic; " << S.Symbols
         << " symbols";
  if (S.EhFrameHdrEntries)
    outs() << ", " << S.EhFrameHdrEntries << " .eh_frame_hdr entries sorted";
  if (Opts.Embed)
    outs() << "; embedded " << S.EmbeddedFixups << " fixups in "
           << S.EmbeddedBytes << " bytes";
  outs() << "\n";
  if (!R->StaleSections.empty())
    outs() << "gotfree-shuffle: note: dropped " << R->StaleSections.size()
           << " debug sections (" << R->StaleSections.front()
           << (R->StaleSections.size() > 1 ? ", ..." : "")
           << "): they describe the old layout\n";
  return 0;
}
