//===- GotFreeOptions.h - User-facing gotfree options -----------*- C++ -*-===//
//
// Every option is a cl::opt (so llc, opt and ld.lld -mllvm can set it) and can
// also be set by name from the clang plugin's -fplugin-arg-gotfree-KEY=VALUE.
//
//===----------------------------------------------------------------------===//

#ifndef GOTFREE_GOTFREEOPTIONS_H
#define GOTFREE_GOTFREEOPTIONS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Support/Error.h"
#include <optional>

namespace llvm {
class MachineFunction;
class Module;
class TargetMachine;
class Triple;
} // namespace llvm

namespace gotfree {

/// What the input code generation is and therefore what gets rewritten.
enum class Mode { Auto, Rewrite, PIE, Off };
/// Resolved per target machine: Auto never survives resolution.
enum class EffectiveMode { Rewrite, PIE, Off };

/// extern_weak symbols cannot be reached PC-relatively once the image moves.
enum class WeakPolicy { Auto, Absolute, Relro, Error };
/// %fs:/%gs: relative references, and a kernel's per-CPU addresses.
enum class SegmentPolicy { Auto, Keep, RIP, Error };
/// Inline asm "i" operands that name a symbol used as an absolute immediate.
enum class AsmImmPolicy { Auto, Error, Warn, Ignore };
/// Thread-local variables reached through the GOT (initial-exec).
enum class TLSPolicy { LocalExec, Error };
/// Where rewrite mode puts constants that hold addresses.
enum class RelroPolicy { Auto, On, Off };
/// What the late verifier does with a violation.
enum class VerifyPolicy { Error, Warn, Off };
/// How jump tables are laid out (design.md "Jump tables").
enum class JumpTableFormat { Auto, Relative, AbsoluteRIP, Keep, None };
/// How each jump-table dispatch is annotated for objtool.
enum class JumpTableAnnotation {
  Auto,
  RelocNone,
  AnnotateInsn,
  TablejumpPairs,
  None
};

Mode getMode();
/// The output kind, decided by the code model alone: -mcmodel=kernel is a
/// kernel, whose relocs tool applies absolute relocations anywhere; anything
/// else is taken for a static PIE linked -z text, which relocates writable
/// data only. Every per-output-kind default asks this.
bool isKernelOutput(std::optional<llvm::CodeModel::Model> CM);

/// The weak option as given: Auto until resolved. The machine passes only
/// tell Error from the rest; the IR pass resolves Auto with resolveWeak.
WeakPolicy getWeakPolicy();
/// The weak policy for code of code model \p CM: "auto" forms the address with
/// movabsq in a kernel (its relocs tool applies R_X86_64_64 in .text) and
/// loads it from a pointer in .data.rel.ro anywhere else (a static PIE
/// relocates writable data only).
WeakPolicy resolveWeak(std::optional<llvm::CodeModel::Model> CM);
/// The segment-refs policy in effect: "auto" that no kernel configuration
/// resolved (applyKernelConfiguration) keeps segment-relative references and
/// per-CPU offsets as they are.
SegmentPolicy getSegmentPolicy();
/// The asm-imm option as given: Auto until resolved.
AsmImmPolicy getAsmImmPolicy();
/// The asm-imm policy for code of code model \p CM: "auto" keeps an absolute
/// use in a kernel (its relocs tool applies it, as for its .S files) and is
/// an error anywhere else (a static PIE cannot relocate code).
AsmImmPolicy resolveAsmImm(std::optional<llvm::CodeModel::Model> CM);
VerifyPolicy getVerifyPolicy();
/// local-exec: an executable's (or a kernel's) own thread-local variables are
/// at a link-time offset from the thread pointer, so the initial-exec GOT
/// slot becomes that offset (R_X86_64_TPOFF32), as the linker's own
/// relaxation would do.
TLSPolicy getTLSPolicy();
/// Rewrite mode: whether constants whose initializer holds addresses, and
/// 8-byte jump tables, go to .data.rel.ro (as PIE codegen puts them) for code
/// of code model \p CM. "auto" keeps them where they are in a kernel (its
/// relocs tool relocates .rodata) and moves them for anything else, whose
/// loader relocates writable data only.
bool resolveRelro(std::optional<llvm::CodeModel::Model> CM);
/// The jump-table format for code of code model \p CM, "auto" resolved by
/// output kind (measured in docs/benchmarks.md, section 5):
///  * a kernel gets relative tables: no entry in vmlinux.relocs, and with
///    their annotation objtool follows them wherever the table's LEA is. A 6.1
///    kernel, whose objtool follows only 8-byte tables, asks for absolute-rip;
///  * anything else gets absolute-rip: the dispatch is one load like the
///    static model's (`lea; jmp *(t,i,8)` against `lea; movslq; add; jmp`),
///    and the tables go to .data.rel.ro (resolveRelro), where a static PIE's
///    loader relocates them; consecutive entries pack into a few RELR words.
JumpTableFormat
resolveJumpTableFormat(std::optional<llvm::CodeModel::Model> CM);
/// The requested format as given (or defaulted) on the command line, for
/// the IR passes, which run before a mode is known: only None matters there.
JumpTableFormat getRequestedJumpTableFormat();
/// The annotation for code of code model \p CM, "auto" resolved: in a kernel,
/// .discard.tablejump_annotate pairs for relative tables (the format the
/// objtool patches of utils/kernel/objtool-patches read) and none for 8-byte
/// tables, which any objtool follows from the code (and which a sized table
/// symbol would hide from it); none outside kernels, which have no objtool.
JumpTableAnnotation
resolveJumpTableAnnotation(std::optional<llvm::CodeModel::Model> CM);
/// The TYPE of annotate-insn entries; 0 when not given (there is no default).
unsigned getAnnotateInsnType();

/// The mode that applies to code for \p T, position-independent or not: off
/// for anything but x86-64, then the mode option, "auto" resolved by
/// \p PositionIndependent. Every IR and machine pass gate goes through it.
EffectiveMode resolveMode(const llvm::Triple &T, bool PositionIndependent);
/// resolveMode for code generated by \p TM, and for the IR of \p M (its PIC
/// level, as -fpie/-fpic set it).
EffectiveMode getEffectiveMode(const llvm::TargetMachine &TM);
EffectiveMode getEffectiveMode(const llvm::Module &M);
/// The mode for the code of one function: getEffectiveMode of its target,
/// except that rewrite mode leaves a function of a link-time section alone.
EffectiveMode getEffectiveMode(const llvm::MachineFunction &MF);

/// In rewrite mode, the section of \p MF's function when it is one of the
/// link-time-sections option (".head.text" by default): code that runs
/// before the image is at its link address and computes with link-time
/// addresses, like the kernel's __head functions (load_delta = physaddr -
/// (_text - __START_KERNEL_map)). A RIP-relative reference there would yield
/// the run-time address instead, so rewrite mode leaves the function alone.
std::optional<llvm::StringRef>
getLinkTimeSection(const llvm::MachineFunction &MF);

/// What a kernel compile's configuration says about the kernel (the clang
/// front end reads it from the configuration macros every Kbuild compile
/// sees; see clang-plugin/GotFreeAction.cpp).
struct KernelConfiguration {
  /// Per-CPU variables are offsets into a per-CPU area linked at address
  /// zero (x86-64 SMP kernels up to 6.14), not ordinary addresses.
  bool ZeroBasedPerCPU = false;
};

/// Resolves the "auto" options that depend on the kernel a compile belongs
/// to. With zero-based per-CPU data, segment-refs=auto becomes keep: a
/// %gs:sym offset must stay absolute, and only the relocs tool, with its
/// inverse relocations, can move such a kernel. Otherwise (since 6.15, and in
/// every uniprocessor kernel) per-CPU symbols are ordinary image addresses:
/// segment-refs=auto becomes rip, and since such a kernel can be linked as a
/// PIE, whose run-time relocations must all be in writable data (-z text),
/// weak=auto becomes relro and relro=auto on, which a relocs-tool link of
/// the same code takes just as well. An option the user set is left alone.
/// The resolved values are what recordOptionsInModule records, so link-time
/// code generation gets them.
void applyKernelConfiguration(const KernelConfiguration &K);

/// Sets option \p Key (without the "gotfree-" prefix) from a plugin argument.
/// The error names the option and lists the accepted values.
llvm::Error setOptionFromPluginArg(llvm::StringRef Key, llvm::StringRef Value);

/// Records every option's value in \p M as a module flag "gotfree.KEY" with
/// behavior Error: the options a compile was given travel with its bitcode
/// to link-time code generation, and modules compiled with different ones do
/// not link.
void recordOptionsInModule(llvm::Module &M);

/// Sets every option \p M records (link-time code generation inside a
/// linker, whose -mllvm options cannot reach a plugin's cl::opts).
llvm::Error applyOptionsFromModule(const llvm::Module &M);

/// One line per option, "key=value|value (default)", for help texts.
std::string describePluginOptions();

} // namespace gotfree

#endif
