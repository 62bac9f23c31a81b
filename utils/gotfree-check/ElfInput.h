//===- ElfInput.h - Validated view of an x86-64 ELF file --------*- C++ -*-===//
//
// Wraps llvm::object::ELFFile with the checks gotfree-check needs before it
// trusts anything: machine, class, section and symbol tables. Every count is
// bounds-checked by ELFFile against the file size, so a corrupt file becomes
// an llvm::Error and never an out-of-bounds read.
//
//===----------------------------------------------------------------------===//

#ifndef GOTFREE_CHECK_ELFINPUT_H
#define GOTFREE_CHECK_ELFINPUT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Object/ELF.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gotfree {

using ELFT = llvm::object::ELF64LE;
using ElfFile = llvm::object::ELFFile<ELFT>;
using Shdr = ELFT::Shdr;
using Sym = ELFT::Sym;
using Rela = ELFT::Rela;

struct SectionInfo {
  unsigned Index = 0;
  const Shdr *Hdr = nullptr;
  llvm::StringRef Name;
  // Link address; for relocatable objects a synthetic, non-overlapping one so
  // that every analysis can work in a single address space.
  uint64_t Addr = 0;
  uint64_t Size = 0;
  bool Alloc = false, Exec = false, Write = false;
  // Empty for SHT_NOBITS.
  llvm::ArrayRef<uint8_t> Data;
};

struct SymbolInfo {
  llvm::StringRef Name;
  uint64_t Addr = 0; // In the same address space as SectionInfo::Addr.
  uint64_t Size = 0;
  uint32_t Index = 0; // In the symbol table.
  unsigned char Type = 0;
  unsigned char Binding = 0;
  bool Defined = false;
};

/// One static (non-allocated, --emit-relocs or object) relocation.
struct StaticReloc {
  uint64_t Place = 0; // Address of the relocated field.
  uint32_t Type = 0;
  int64_t Addend = 0;
  uint32_t SymIndex = 0;
  const SectionInfo *Target = nullptr; // Section the relocation applies to.
  const SectionInfo *RelocSec = nullptr;
  uint64_t EntryIndex = 0;
};

class ElfInput {
public:
  static llvm::Expected<std::unique_ptr<ElfInput>>
  load(llvm::MemoryBufferRef Buffer);

  const ElfFile &elf() const { return Elf; }
  llvm::StringRef fileName() const { return Name; }
  bool isRelocatable() const { return Type == llvm::ELF::ET_REL; }
  unsigned elfType() const { return Type; }

  const std::vector<SectionInfo> &sections() const { return Sections; }
  const SectionInfo *findSection(llvm::StringRef Name) const;
  /// The allocated (or, in objects, any) section holding Addr.
  const SectionInfo *sectionAt(uint64_t Addr) const;

  /// Bytes at Addr..Addr+Len inside one section with contents.
  std::optional<llvm::ArrayRef<uint8_t>> bytesAt(uint64_t Addr,
                                                 uint64_t Len) const;
  std::optional<uint64_t> readLE(uint64_t Addr, unsigned Len) const;

  /// The static symbol table entry Index, resolved to an address.
  llvm::Expected<SymbolInfo> symbol(uint32_t Index) const;
  /// "name+0xoff" for the closest named symbol at or below Addr, or "".
  std::string symbolize(uint64_t Addr) const;
  /// Sized STT_OBJECT/STT_FUNC symbol starting exactly at Addr.
  const SymbolInfo *sizedSymbolAt(uint64_t Addr, unsigned char Type) const;
  /// The STT_FUNC symbol whose [Addr, Addr+Size) holds Addr.
  const SymbolInfo *functionAt(uint64_t Addr) const;
  const std::vector<SymbolInfo> &sortedSymbols() const { return Symbols; }

  /// "0x1234" for linked files, ".text+0x12" for objects, plus "<sym+off>".
  std::string location(uint64_t Addr) const;

  /// Non-allocated SHT_RELA sections that apply to an allocated section.
  const std::vector<std::pair<const SectionInfo *, const SectionInfo *>> &
  staticRelocSections() const {
    return StaticRelSecs;
  }
  /// Visits every static relocation; stops at the first error returned.
  llvm::Error forEachStaticReloc(
      llvm::function_ref<llvm::Error(const StaticReloc &)> Fn) const;
  /// Static relocations applying to Target, sorted by place.
  llvm::Expected<std::vector<StaticReloc>>
  relocsFor(const SectionInfo &Target) const;

  std::string relocTypeName(uint32_t Type) const;

  /// Fails when a byte of the file belongs to two of the ELF header, the
  /// program headers, the section headers and the sections' contents: a
  /// tool that rewrites one of them in place would change another.
  llvm::Error checkDisjointLayout() const;

private:
  ElfInput(ElfFile Elf, llvm::StringRef Name) : Elf(Elf), Name(Name) {}
  llvm::Error init();
  llvm::Error initSymbols();
  llvm::Expected<std::optional<StaticReloc>>
  makeReloc(const SectionInfo *RelSec, const SectionInfo *Target, uint64_t I,
            const Rela &R) const;
  /// Visits the relocations of one section RelSec applying to Target.
  llvm::Error
  forEachRelocIn(const SectionInfo *RelSec, const SectionInfo *Target,
                 llvm::function_ref<llvm::Error(const StaticReloc &)> Fn) const;

  ElfFile Elf;
  std::string Name;
  unsigned Type = 0;
  std::vector<SectionInfo> Sections;
  std::vector<const SectionInfo *> ByAddr; // Sections with Addr, sorted.
  const Shdr *SymTab = nullptr;
  llvm::ArrayRef<Sym> SymbolTable;
  llvm::StringRef SymStrTab;
  std::vector<SymbolInfo> Symbols; // Named defined symbols, sorted by Addr.
  std::vector<std::pair<const SectionInfo *, const SectionInfo *>>
      StaticRelSecs;
};

/// Formats "0x..." in lower case hex.
std::string hex(uint64_t V);
/// Formats a signed addend as "+0x10" / "-0x4".
std::string signedHex(int64_t V);

} // namespace gotfree

#endif
