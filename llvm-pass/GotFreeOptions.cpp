//===- GotFreeOptions.cpp - User-facing gotfree options -------------------===//

#include "GotFreeOptions.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/CodeGen/MachineFunction.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;
using namespace gotfree;

static cl::OptionCategory GotFreeCat("gotfree options");

static cl::opt<Mode> ModeOpt(
    "gotfree-mode", cl::desc("What gotfree rewrites"), cl::init(Mode::Auto),
    cl::cat(GotFreeCat),
    cl::values(clEnumValN(Mode::Auto, "auto",
                          "pie for PIC/PIE input, rewrite for static input"),
               clEnumValN(Mode::Rewrite, "rewrite",
                          "rewrite absolute references as RIP-relative"),
               clEnumValN(Mode::PIE, "pie", "remove GOT references"),
               clEnumValN(Mode::Off, "off", "do nothing")));

static cl::opt<WeakPolicy> WeakOpt(
    "gotfree-weak", cl::desc("How extern_weak symbol addresses are formed"),
    cl::init(WeakPolicy::Auto), cl::cat(GotFreeCat),
    cl::values(clEnumValN(WeakPolicy::Auto, "auto",
                          "abs for -mcmodel=kernel (relro for a kernel that "
                          "can be a PIE), relro for anything else"),
               clEnumValN(WeakPolicy::Absolute, "abs",
                          "movabsq $sym (R_X86_64_64)"),
               clEnumValN(WeakPolicy::Relro, "relro",
                          "load it from a pointer in .data.rel.ro"),
               clEnumValN(WeakPolicy::Error, "error", "report an error")));

static cl::opt<SegmentPolicy> SegmentOpt(
    "gotfree-segment-refs",
    cl::desc("What happens to %fs:/%gs: relative symbol references and to a "
             "kernel's per-CPU addresses"),
    cl::init(SegmentPolicy::Auto), cl::cat(GotFreeCat),
    cl::values(
        clEnumValN(SegmentPolicy::Auto, "auto",
                   "keep for a kernel with zero-based per-CPU data (x86-64 "
                   "SMP up to 6.14, from its configuration), rip for other "
                   "kernels; keep where no kernel configuration is seen"),
        clEnumValN(SegmentPolicy::Keep, "keep",
                   "leave them absolute (zero-based per-CPU data)"),
        clEnumValN(SegmentPolicy::RIP, "rip",
                   "make them RIP-relative like any other"),
        clEnumValN(SegmentPolicy::Error, "error", "report an error")));

static cl::opt<AsmImmPolicy> AsmImmOpt(
    "gotfree-asm-imm",
    cl::desc("Inline asm 'i' operands used as absolute symbol immediates"),
    cl::init(AsmImmPolicy::Auto), cl::cat(GotFreeCat),
    cl::values(clEnumValN(AsmImmPolicy::Auto, "auto",
                          "keep it (a remark) for -mcmodel=kernel, whose "
                          "relocs tool applies it; an error for anything "
                          "else"),
               clEnumValN(AsmImmPolicy::Error, "error", "report an error"),
               clEnumValN(AsmImmPolicy::Warn, "warn", "report a warning"),
               clEnumValN(AsmImmPolicy::Ignore, "ignore", "say nothing")));

static cl::opt<TLSPolicy> TLSOpt(
    "gotfree-tls",
    cl::desc("Thread-local variables reached through the GOT (initial-exec)"),
    cl::init(TLSPolicy::LocalExec), cl::cat(GotFreeCat),
    cl::values(clEnumValN(TLSPolicy::LocalExec, "local-exec",
                          "use the offset from the thread pointer, as an "
                          "executable may"),
               clEnumValN(TLSPolicy::Error, "error", "report an error")));

static cl::opt<RelroPolicy> RelroOpt(
    "gotfree-relro",
    cl::desc("Rewrite mode: where constants that hold addresses (and 8-byte "
             "jump tables) live"),
    cl::init(RelroPolicy::Auto), cl::cat(GotFreeCat),
    cl::values(
        clEnumValN(RelroPolicy::Auto, "auto",
                   "on, except for -mcmodel=kernel (a kernel relocates "
                   ".rodata) unless the kernel can be a PIE"),
        clEnumValN(RelroPolicy::On, "on",
                   ".data.rel.ro, for loaders that relocate writable data "
                   "only (static PIE)"),
        clEnumValN(RelroPolicy::Off, "off", "where code generation put them")));

// Not "gotfree-verify": that is the verifier pass's name, which opt also
// registers as an option.
static cl::opt<VerifyPolicy> VerifyOpt(
    "gotfree-verifier",
    cl::desc("What the late verifier does with a GOT or absolute reference"),
    cl::init(VerifyPolicy::Error), cl::cat(GotFreeCat),
    cl::values(clEnumValN(VerifyPolicy::Error, "error", "report an error"),
               clEnumValN(VerifyPolicy::Warn, "warn", "report a warning"),
               clEnumValN(VerifyPolicy::Off, "off", "do not verify")));

static cl::opt<JumpTableFormat> JumpTablesOpt(
    "gotfree-jump-tables", cl::desc("Jump-table layout"),
    cl::init(JumpTableFormat::Auto), cl::cat(GotFreeCat),
    cl::values(
        clEnumValN(JumpTableFormat::Auto, "auto",
                   "relative in a kernel, absolute-rip anywhere else"),
        clEnumValN(JumpTableFormat::Relative, "relative",
                   "4-byte entries relative to the table, no relocations"),
        clEnumValN(JumpTableFormat::AbsoluteRIP, "absolute-rip",
                   "8-byte absolute entries, lea tbl(%rip); jmp *(t,i,8)"),
        clEnumValN(JumpTableFormat::Keep, "keep",
                   "the layout code generation chose"),
        clEnumValN(JumpTableFormat::None, "none",
                   "no jump tables, like -fno-jump-tables")));

static cl::opt<JumpTableAnnotation> JumpTableAnnotationsOpt(
    "gotfree-jump-table-annotations",
    cl::desc("How jump-table dispatches are annotated for objtool"),
    cl::init(JumpTableAnnotation::Auto), cl::cat(GotFreeCat),
    cl::values(
        clEnumValN(JumpTableAnnotation::Auto, "auto",
                   "tablejump-pairs for a kernel's relative tables (only an "
                   "objtool that reads them follows those), none for 8-byte "
                   "tables (objtool finds those from the code) and outside "
                   "kernels"),
        clEnumValN(JumpTableAnnotation::RelocNone, "reloc-none",
                   "R_X86_64_NONE at the jmp against an STT_OBJECT table"),
        clEnumValN(JumpTableAnnotation::AnnotateInsn, "annotate-insn",
                   ".discard.annotate_insn {jmp - ., TYPE} entries"),
        clEnumValN(JumpTableAnnotation::TablejumpPairs, "tablejump-pairs",
                   ".discard.tablejump_annotate {jmp, table} pairs"),
        clEnumValN(JumpTableAnnotation::None, "none", "no annotation")));

// No default: mainline objtool has no ANNOTYPE for jump tables (the proposed
// ANNOTYPE_JUMP_TABLE was never merged, and 9 is ANNOTYPE_NOCFI since 2025),
// so the value must come from the objtool that reads it. 0 is unset.
static cl::opt<unsigned> AnnotateInsnTypeOpt(
    "gotfree-annotate-insn-type",
    cl::desc("TYPE of the .discard.annotate_insn entries for jump tables "
             "(required by jump-table-annotations=annotate-insn)"),
    cl::init(0), cl::cat(GotFreeCat));

static cl::opt<std::string> LinkTimeSectionsOpt(
    "gotfree-link-time-sections",
    cl::desc("Rewrite mode: comma-separated sections whose functions keep "
             "link-time (absolute) addresses; empty for none"),
    cl::init(".head.text"), cl::cat(GotFreeCat));

Mode gotfree::getMode() { return ModeOpt; }
WeakPolicy gotfree::getWeakPolicy() { return WeakOpt; }
SegmentPolicy gotfree::getSegmentPolicy() {
  return SegmentOpt == SegmentPolicy::Auto ? SegmentPolicy::Keep
                                           : SegmentOpt.getValue();
}

void gotfree::applyKernelConfiguration(const KernelConfiguration &K) {
  if (SegmentOpt == SegmentPolicy::Auto)
    SegmentOpt.setValue(K.ZeroBasedPerCPU ? SegmentPolicy::Keep
                                          : SegmentPolicy::RIP);
  if (K.ZeroBasedPerCPU)
    return;
  if (WeakOpt == WeakPolicy::Auto)
    WeakOpt.setValue(WeakPolicy::Relro);
  if (RelroOpt == RelroPolicy::Auto)
    RelroOpt.setValue(RelroPolicy::On);
}
AsmImmPolicy gotfree::getAsmImmPolicy() { return AsmImmOpt; }
AsmImmPolicy gotfree::resolveAsmImm(std::optional<CodeModel::Model> CM) {
  if (AsmImmOpt != AsmImmPolicy::Auto)
    return AsmImmOpt;
  return isKernelOutput(CM) ? AsmImmPolicy::Ignore : AsmImmPolicy::Error;
}
VerifyPolicy gotfree::getVerifyPolicy() { return VerifyOpt; }
TLSPolicy gotfree::getTLSPolicy() { return TLSOpt; }
bool gotfree::isKernelOutput(std::optional<CodeModel::Model> CM) {
  return CM == CodeModel::Kernel;
}

WeakPolicy gotfree::resolveWeak(std::optional<CodeModel::Model> CM) {
  if (WeakOpt != WeakPolicy::Auto)
    return WeakOpt;
  return isKernelOutput(CM) ? WeakPolicy::Absolute : WeakPolicy::Relro;
}

bool gotfree::resolveRelro(std::optional<CodeModel::Model> CM) {
  switch (RelroOpt) {
  case RelroPolicy::On:
    return true;
  case RelroPolicy::Off:
    return false;
  case RelroPolicy::Auto:
    break;
  }
  return !isKernelOutput(CM);
}
JumpTableFormat gotfree::getRequestedJumpTableFormat() { return JumpTablesOpt; }
JumpTableAnnotation
gotfree::resolveJumpTableAnnotation(std::optional<CodeModel::Model> CM) {
  if (JumpTableAnnotationsOpt != JumpTableAnnotation::Auto)
    return JumpTableAnnotationsOpt;
  return isKernelOutput(CM) &&
                 resolveJumpTableFormat(CM) == JumpTableFormat::Relative
             ? JumpTableAnnotation::TablejumpPairs
             : JumpTableAnnotation::None;
}
unsigned gotfree::getAnnotateInsnType() { return AnnotateInsnTypeOpt; }

JumpTableFormat
gotfree::resolveJumpTableFormat(std::optional<CodeModel::Model> CM) {
  if (JumpTablesOpt != JumpTableFormat::Auto)
    return JumpTablesOpt;
  return isKernelOutput(CM) ? JumpTableFormat::Relative
                            : JumpTableFormat::AbsoluteRIP;
}

EffectiveMode gotfree::resolveMode(const Triple &T, bool PositionIndependent) {
  if (!T.isX86() || !T.isArch64Bit() || T.isX32())
    return EffectiveMode::Off;
  switch (getMode()) {
  case Mode::Off:
    return EffectiveMode::Off;
  case Mode::Rewrite:
    return EffectiveMode::Rewrite;
  case Mode::PIE:
    return EffectiveMode::PIE;
  case Mode::Auto:
    break;
  }
  return PositionIndependent ? EffectiveMode::PIE : EffectiveMode::Rewrite;
}

EffectiveMode gotfree::getEffectiveMode(const TargetMachine &TM) {
  return resolveMode(TM.getTargetTriple(), TM.isPositionIndependent());
}

EffectiveMode gotfree::getEffectiveMode(const Module &M) {
  return resolveMode(M.getTargetTriple(), M.getPICLevel() != PICLevel::NotPIC);
}

std::optional<StringRef>
gotfree::getLinkTimeSection(const MachineFunction &MF) {
  const Function &F = MF.getFunction();
  if (!F.hasSection() ||
      getEffectiveMode(MF.getTarget()) != EffectiveMode::Rewrite)
    return std::nullopt;
  StringRef Section = F.getSection();
  SmallVector<StringRef, 4> Names;
  StringRef(LinkTimeSectionsOpt).split(Names, ',', -1, /*KeepEmpty=*/false);
  for (StringRef Name : Names)
    if (Name.trim() == Section)
      return Section;
  return std::nullopt;
}

EffectiveMode gotfree::getEffectiveMode(const MachineFunction &MF) {
  if (getLinkTimeSection(MF))
    return EffectiveMode::Off;
  return getEffectiveMode(MF.getTarget());
}

namespace {
/// Sets an enum cl::opt from its value name, checking the name first so that
/// the parser never prints its own error.
/// "a|b|c": the value names of an enum cl::opt.
template <typename T> std::string enumValues(cl::opt<T> &Opt) {
  auto &Parser = Opt.getParser();
  std::string Allowed;
  for (unsigned I = 0, E = Parser.getNumOptions(); I != E; ++I)
    Allowed += (I ? "|" : "") + Parser.getOption(I).str();
  return Allowed;
}

template <typename T>
Error setEnumOption(cl::opt<T> &Opt, StringRef Key, StringRef Value) {
  auto &Parser = Opt.getParser();
  if (Parser.findOption(Value) == Parser.getNumOptions())
    return createStringError("invalid value '" + Value.str() +
                             "' for gotfree option '" + Key.str() +
                             "' (expected " + enumValues(Opt) + ")");
  T Parsed;
  if (Parser.parse(Opt, Opt.ArgStr, Value, Parsed))
    return createStringError("cannot parse '" + Value.str() + "'");
  Opt.setValue(Parsed);
  return Error::success();
}

/// The value name an enum cl::opt has now.
template <typename T> std::string currentEnumValue(cl::opt<T> &Opt) {
  auto &Parser = Opt.getParser();
  for (unsigned I = 0, E = Parser.getNumOptions(); I != E; ++I) {
    T V;
    if (!Parser.parse(Opt, Opt.ArgStr, Parser.getOption(I), V) &&
        V == Opt.getValue())
      return Parser.getOption(I).str();
  }
  return "";
}

struct PluginOption {
  StringRef Key;
  cl::Option *Opt;
  Error (*Set)(StringRef Key, StringRef Value);
  /// The accepted values, for the help text.
  std::string (*Values)();
  /// The value in effect, as Set takes it.
  std::string (*Current)();
};
} // namespace

#define GOTFREE_OPTION(KEY, OPT)                                               \
  PluginOption {                                                               \
    KEY, &OPT,                                                                 \
        [](StringRef Key, StringRef Value) {                                   \
          return setEnumOption(OPT, Key, Value);                               \
        },                                                                     \
        [] { return enumValues(OPT); }, [] { return currentEnumValue(OPT); }   \
  }

static const PluginOption PluginOptions[] = {
    GOTFREE_OPTION("mode", ModeOpt),
    GOTFREE_OPTION("weak", WeakOpt),
    GOTFREE_OPTION("segment-refs", SegmentOpt),
    GOTFREE_OPTION("asm-imm", AsmImmOpt),
    GOTFREE_OPTION("verify", VerifyOpt),
    GOTFREE_OPTION("relro", RelroOpt),
    GOTFREE_OPTION("tls", TLSOpt),
    GOTFREE_OPTION("jump-tables", JumpTablesOpt),
    GOTFREE_OPTION("jump-table-annotations", JumpTableAnnotationsOpt),
    PluginOption{"annotate-insn-type", &AnnotateInsnTypeOpt,
                 [](StringRef Key, StringRef Value) -> Error {
                   unsigned Type;
                   if (Value.getAsInteger(0, Type))
                     return createStringError(
                         "invalid value '" + Value.str() +
                         "' for gotfree option '" + Key.str() +
                         "' (expected an unsigned integer)");
                   AnnotateInsnTypeOpt.setValue(Type);
                   return Error::success();
                 },
                 [] { return std::string("<unsigned>"); },
                 [] { return std::to_string(AnnotateInsnTypeOpt.getValue()); }},
    PluginOption{"link-time-sections", &LinkTimeSectionsOpt,
                 [](StringRef, StringRef Value) -> Error {
                   LinkTimeSectionsOpt.setValue(Value.str());
                   return Error::success();
                 },
                 [] { return std::string("<section>[,<section>...]"); },
                 [] { return LinkTimeSectionsOpt.getValue(); }},
};

Error gotfree::setOptionFromPluginArg(StringRef Key, StringRef Value) {
  for (const PluginOption &O : PluginOptions)
    if (O.Key == Key)
      return O.Set(Key, Value);
  std::string Known;
  for (const PluginOption &O : PluginOptions)
    Known += (Known.empty() ? "" : ", ") + O.Key.str();
  return createStringError("unknown gotfree option '" + Key.str() +
                           "' (known options: " + Known + ")");
}

std::string gotfree::describePluginOptions() {
  std::string S;
  raw_string_ostream OS(S);
  for (const PluginOption &O : PluginOptions)
    OS << "  " << O.Key << "=" << O.Values() << ": " << O.Opt->HelpStr << "\n";
  return S;
}

/// The module flag that records option \p Key.
static std::string moduleFlagName(StringRef Key) {
  return ("gotfree." + Key).str();
}

void gotfree::recordOptionsInModule(Module &M) {
  LLVMContext &Ctx = M.getContext();
  for (const PluginOption &O : PluginOptions) {
    std::string Name = moduleFlagName(O.Key);
    if (!M.getModuleFlag(Name))
      M.addModuleFlag(Module::Error, Name, MDString::get(Ctx, O.Current()));
  }
}

Error gotfree::applyOptionsFromModule(const Module &M) {
  for (const PluginOption &O : PluginOptions) {
    Metadata *Flag = M.getModuleFlag(moduleFlagName(O.Key));
    if (!Flag)
      continue;
    auto *Value = dyn_cast<MDString>(Flag);
    if (!Value)
      return createStringError("module flag '" + moduleFlagName(O.Key) +
                               "' is not a string");
    if (O.Current() == Value->getString())
      continue;
    if (Error E = O.Set(O.Key, Value->getString()))
      return E;
  }
  return Error::success();
}
