//===- ElfInput.cpp - Validated view of an x86-64 ELF file ----------------===//

#include "ElfInput.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <tuple>

using namespace llvm;
using namespace llvm::ELF;

namespace gotfree {

std::string hex(uint64_t V) {
  std::string S;
  raw_string_ostream(S) << format("0x%" PRIx64, V);
  return S;
}

std::string signedHex(int64_t V) {
  if (V < 0)
    return "-" + hex(0 - static_cast<uint64_t>(V));
  return "+" + hex(static_cast<uint64_t>(V));
}

static Error badInput(const Twine &Msg) {
  return createStringError(inconvertibleErrorCode(), Msg);
}

Expected<std::unique_ptr<ElfInput>> ElfInput::load(MemoryBufferRef Buffer) {
  StringRef Data = Buffer.getBuffer();
  // ELFFile only checks the size; identify the file before trusting it.
  if (Data.size() < EI_NIDENT || !Data.starts_with("\x7f"
                                                   "ELF"))
    return badInput("not an ELF file");
  if (Data[EI_CLASS] != ELFCLASS64)
    return badInput("not a 64-bit ELF file");
  if (Data[EI_DATA] != ELFDATA2LSB)
    return badInput("not a little-endian ELF file");
  Expected<ElfFile> Elf = ElfFile::create(Data);
  if (!Elf)
    return Elf.takeError();
  std::unique_ptr<ElfInput> In(
      new ElfInput(std::move(*Elf), Buffer.getBufferIdentifier()));
  if (Error E = In->init())
    return std::move(E);
  return std::move(In);
}

Error ElfInput::init() {
  const auto &Hdr = Elf.getHeader();
  if (Hdr.e_machine != EM_X86_64)
    return badInput("wrong machine " + Twine(Hdr.e_machine) +
                    ", expected EM_X86_64 (62)");
  Type = Hdr.e_type;
  if (Type != ET_REL && Type != ET_EXEC && Type != ET_DYN)
    return badInput("unsupported ELF type " + Twine(Type) +
                    " (expected ET_REL, ET_EXEC or ET_DYN)");
  Expected<ArrayRef<Shdr>> Shdrs = Elf.sections();
  if (!Shdrs)
    return Shdrs.takeError();
  if (Shdrs->empty())
    return badInput("no section headers");

  Sections.resize(Shdrs->size());
  // Synthetic addresses for objects start high enough that 0 means "none".
  uint64_t NextAddr = 0x10000;
  for (auto [I, Sh] : enumerate(*Shdrs)) {
    SectionInfo &S = Sections[I];
    S.Index = I;
    S.Hdr = &Sh;
    Expected<StringRef> Name = Elf.getSectionName(Sh);
    if (!Name)
      return badInput("section [" + Twine(I) +
                      "]: " + toString(Name.takeError()));
    S.Name = *Name;
    S.Size = Sh.sh_size;
    S.Alloc = Sh.sh_flags & SHF_ALLOC;
    S.Exec = Sh.sh_flags & SHF_EXECINSTR;
    S.Write = Sh.sh_flags & SHF_WRITE;
    if (I == 0 || Sh.sh_type == SHT_NULL)
      continue;
    if (Sh.sh_type != SHT_NOBITS && Sh.sh_size) {
      Expected<ArrayRef<uint8_t>> C = Elf.getSectionContents(Sh);
      if (!C)
        return badInput("section [" + Twine(I) + "] '" + S.Name +
                        "': " + toString(C.takeError()));
      S.Data = *C;
    }
    if (Type == ET_REL) {
      uint64_t Align = std::max<uint64_t>(16, Sh.sh_addralign);
      if (!isPowerOf2_64(Align) || Align > (1ULL << 32))
        Align = 16;
      S.Addr = alignTo(NextAddr, Align);
      if (S.Size > (1ULL << 48) || S.Addr > (1ULL << 48))
        return badInput("section [" + Twine(I) + "] '" + S.Name + "': size " +
                        hex(S.Size) + " too large");
      NextAddr = S.Addr + S.Size + 16;
    } else {
      S.Addr = Sh.sh_addr;
      if (S.Alloc && S.Addr + S.Size < S.Addr)
        return badInput("section [" + Twine(I) + "] '" + S.Name +
                        "': address range wraps around");
    }
    bool InAddressSpace = Type == ET_REL || S.Alloc;
    // .tbss overlaps the sections after it; nothing points into it by address.
    bool TlsBss = (Sh.sh_flags & SHF_TLS) && Sh.sh_type == SHT_NOBITS;
    if (InAddressSpace && S.Size && !TlsBss)
      ByAddr.push_back(&S);
  }
  llvm::sort(ByAddr, [](const SectionInfo *A, const SectionInfo *B) {
    return std::tie(A->Addr, A->Index) < std::tie(B->Addr, B->Index);
  });

  for (const SectionInfo &S : Sections)
    if (S.Hdr && S.Hdr->sh_type == SHT_SYMTAB) {
      SymTab = S.Hdr;
      break;
    }
  if (Error E = initSymbols())
    return E;

  for (const SectionInfo &S : Sections) {
    if (!S.Hdr || S.Hdr->sh_type != SHT_RELA || S.Alloc)
      continue;
    uint32_t Info = S.Hdr->sh_info;
    if (Info == 0 || Info >= Sections.size())
      return badInput("relocation section [" + Twine(S.Index) + "] '" + S.Name +
                      "': invalid target section index " + Twine(Info));
    uint32_t Link = S.Hdr->sh_link;
    if (Link != 0 &&
        (!SymTab || Link >= Sections.size() || Sections[Link].Hdr != SymTab))
      return badInput("relocation section [" + Twine(S.Index) + "] '" + S.Name +
                      "': sh_link " + Twine(Link) + " is not the symbol table");
    if (S.Hdr->sh_entsize != sizeof(Rela))
      return badInput("relocation section [" + Twine(S.Index) + "] '" + S.Name +
                      "': entry size " + Twine(S.Hdr->sh_entsize) +
                      ", expected " + Twine(sizeof(Rela)));
    StaticRelSecs.push_back({&S, &Sections[Info]});
  }
  return Error::success();
}

Error ElfInput::initSymbols() {
  if (!SymTab)
    return Error::success();
  Expected<ArrayRef<Sym>> Syms = Elf.symbols(SymTab);
  if (!Syms)
    return badInput("symbol table: " + toString(Syms.takeError()));
  SymbolTable = *Syms;
  Expected<StringRef> Str = Elf.getStringTableForSymtab(*SymTab);
  if (!Str)
    return badInput("symbol table: " + toString(Str.takeError()));
  SymStrTab = *Str;
  Symbols.reserve(SymbolTable.size());
  for (uint32_t I = 1; I < SymbolTable.size(); ++I) {
    Expected<SymbolInfo> S = symbol(I);
    if (!S)
      return S.takeError();
    if (!S->Defined || S->Name.empty() || S->Type == STT_SECTION ||
        S->Type == STT_FILE || S->Type == STT_TLS)
      continue;
    Symbols.push_back(*S);
  }
  // Functions and sized symbols first among equals: they name code best.
  llvm::sort(Symbols, [](const SymbolInfo &A, const SymbolInfo &B) {
    if (A.Addr != B.Addr)
      return A.Addr < B.Addr;
    if ((A.Type == STT_FUNC) != (B.Type == STT_FUNC))
      return A.Type == STT_FUNC;
    return A.Index < B.Index;
  });
  return Error::success();
}

Expected<SymbolInfo> ElfInput::symbol(uint32_t Index) const {
  if (Index >= SymbolTable.size())
    return badInput("symbol index " + Twine(Index) + " out of range (" +
                    Twine(SymbolTable.size()) + " symbols)");
  const Sym &S = SymbolTable[Index];
  SymbolInfo Info;
  Info.Index = Index;
  Expected<StringRef> Name = S.getName(SymStrTab);
  if (!Name)
    return badInput("symbol " + Twine(Index) + ": " +
                    toString(Name.takeError()));
  Info.Name = *Name;
  Info.Size = S.st_size;
  Info.Type = S.getType();
  Info.Binding = S.getBinding();
  uint16_t Shndx = S.st_shndx;
  if (Shndx == SHN_ABS) {
    Info.Addr = S.st_value;
    Info.Defined = true;
  } else if (Shndx != SHN_UNDEF && Shndx < SHN_LORESERVE) {
    if (Shndx >= Sections.size())
      return badInput("symbol " + Twine(Index) + " '" + Info.Name +
                      "': section index " + Twine(Shndx) + " out of range");
    const SectionInfo &Sec = Sections[Shndx];
    Info.Addr = isRelocatable() ? Sec.Addr + S.st_value : S.st_value;
    if (Info.Type == STT_SECTION) {
      Info.Addr = Sec.Addr;
      Info.Name = Sec.Name;
    }
    Info.Defined = true;
  }
  return Info;
}

const SectionInfo *ElfInput::findSection(StringRef SecName) const {
  for (const SectionInfo &S : Sections)
    if (S.Hdr && S.Name == SecName)
      return &S;
  return nullptr;
}

const SectionInfo *ElfInput::sectionAt(uint64_t Addr) const {
  auto It =
      llvm::upper_bound(ByAddr, Addr, [](uint64_t A, const SectionInfo *S) {
        return A < S->Addr;
      });
  // Sections may share a start address or (rarely) overlap; look back a
  // little for one that holds Addr.
  for (int Steps = 0; It != ByAddr.begin() && Steps < 8; ++Steps) {
    const SectionInfo *S = *--It;
    if (Addr - S->Addr < S->Size)
      return S;
  }
  return nullptr;
}

std::optional<ArrayRef<uint8_t>> ElfInput::bytesAt(uint64_t Addr,
                                                   uint64_t Len) const {
  const SectionInfo *S = sectionAt(Addr);
  if (!S || S->Data.empty())
    return std::nullopt;
  uint64_t Off = Addr - S->Addr;
  if (Off > S->Data.size() || Len > S->Data.size() - Off)
    return std::nullopt;
  return S->Data.slice(Off, Len);
}

std::optional<uint64_t> ElfInput::readLE(uint64_t Addr, unsigned Len) const {
  std::optional<ArrayRef<uint8_t>> B = bytesAt(Addr, Len);
  if (!B)
    return std::nullopt;
  uint64_t V = 0;
  for (unsigned I = 0; I < Len; ++I)
    V |= uint64_t((*B)[I]) << (8 * I);
  return V;
}

std::string ElfInput::symbolize(uint64_t Addr) const {
  auto It =
      llvm::upper_bound(Symbols, Addr, [](uint64_t A, const SymbolInfo &S) {
        return A < S.Addr;
      });
  if (It == Symbols.begin())
    return "";
  // Among symbols at the same address prefer the first (a function).
  const SymbolInfo *Best = &*std::prev(It);
  while (Best != Symbols.data() && (Best - 1)->Addr == Best->Addr)
    --Best;
  const SectionInfo *Here = sectionAt(Addr);
  if (!Here || sectionAt(Best->Addr) != Here)
    return "";
  uint64_t Off = Addr - Best->Addr;
  if (!Off)
    return Best->Name.str();
  return (Best->Name + "+" + hex(Off)).str();
}

const SymbolInfo *ElfInput::sizedSymbolAt(uint64_t Addr,
                                          unsigned char SymType) const {
  auto It =
      llvm::lower_bound(Symbols, Addr, [](const SymbolInfo &S, uint64_t A) {
        return S.Addr < A;
      });
  for (; It != Symbols.end() && It->Addr == Addr; ++It)
    if (It->Type == SymType && It->Size)
      return &*It;
  return nullptr;
}

const SymbolInfo *ElfInput::functionAt(uint64_t Addr) const {
  auto It =
      llvm::upper_bound(Symbols, Addr, [](uint64_t A, const SymbolInfo &S) {
        return A < S.Addr;
      });
  // Functions do not nest; look back over a handful of aliases/labels.
  for (int Steps = 0; It != Symbols.begin() && Steps < 64; ++Steps) {
    const SymbolInfo &S = *--It;
    if (S.Type == STT_FUNC && Addr - S.Addr < S.Size)
      return &S;
  }
  return nullptr;
}

std::string ElfInput::location(uint64_t Addr) const {
  std::string Out;
  if (isRelocatable()) {
    if (const SectionInfo *S = sectionAt(Addr))
      Out = (S->Name + "+" + hex(Addr - S->Addr)).str();
    else
      Out = "(outside every section)";
  } else {
    Out = hex(Addr);
  }
  std::string Sym = symbolize(Addr);
  if (!Sym.empty())
    Out += " <" + Sym + ">";
  return Out;
}

// One relocation entry, validated. An R_X86_64_NONE outside its section is
// not an error: linkers and the kernel's sorttable leave "nothing here"
// entries at offset 0; they are skipped (std::nullopt).
Expected<std::optional<StaticReloc>>
ElfInput::makeReloc(const SectionInfo *RelSec, const SectionInfo *Target,
                    uint64_t I, const Rela &R) const {
  StaticReloc SR;
  SR.Type = R.getType(false);
  SR.SymIndex = R.getSymbol(false);
  SR.Addend = R.r_addend;
  SR.Target = Target;
  SR.RelocSec = RelSec;
  SR.EntryIndex = I;
  uint64_t Off = R.r_offset;
  uint64_t SecOff = isRelocatable() ? Off : Off - Target->Addr;
  if (SecOff >= Target->Size) {
    if (SR.Type == ELF::R_X86_64_NONE)
      return std::nullopt;
    return badInput("relocation " + Twine(I) + " in '" + RelSec->Name +
                    "': offset " + hex(Off) + " outside '" + Target->Name +
                    "'");
  }
  SR.Place = Target->Addr + SecOff;
  // Checked for every entry, used or not: a bad index is a bad file.
  if (SR.SymIndex >= SymbolTable.size() && SR.SymIndex)
    return badInput("relocation " + Twine(I) + " in '" + RelSec->Name +
                    "': symbol index " + Twine(SR.SymIndex) +
                    " out of range (" + Twine(SymbolTable.size()) +
                    " symbols)");
  return SR;
}

Error ElfInput::forEachRelocIn(
    const SectionInfo *RelSec, const SectionInfo *Target,
    function_ref<Error(const StaticReloc &)> Fn) const {
  Expected<ArrayRef<Rela>> Relas = Elf.relas(*RelSec->Hdr);
  if (!Relas)
    return badInput("relocation section '" + RelSec->Name +
                    "': " + toString(Relas.takeError()));
  for (auto [I, R] : enumerate(*Relas)) {
    Expected<std::optional<StaticReloc>> SR = makeReloc(RelSec, Target, I, R);
    if (!SR)
      return SR.takeError();
    if (*SR)
      if (Error E = Fn(**SR))
        return E;
  }
  return Error::success();
}

Error ElfInput::forEachStaticReloc(
    function_ref<Error(const StaticReloc &)> Fn) const {
  for (auto [RelSec, Target] : StaticRelSecs)
    if (Error E = forEachRelocIn(RelSec, Target, Fn))
      return E;
  return Error::success();
}

Expected<std::vector<StaticReloc>>
ElfInput::relocsFor(const SectionInfo &Target) const {
  std::vector<StaticReloc> Out;
  for (auto [RelSec, T] : StaticRelSecs)
    if (T == &Target)
      if (Error E = forEachRelocIn(RelSec, T, [&](const StaticReloc &SR) {
            Out.push_back(SR);
            return Error::success();
          }))
        return std::move(E);
  llvm::sort(Out, [](const StaticReloc &A, const StaticReloc &B) {
    return std::make_tuple(A.Place, A.RelocSec->Index, A.EntryIndex) <
           std::make_tuple(B.Place, B.RelocSec->Index, B.EntryIndex);
  });
  return Out;
}

Error ElfInput::checkDisjointLayout() const {
  struct Region {
    uint64_t Offset, Size;
    unsigned Order;
    std::string Name;
  };
  const auto &Hdr = Elf.getHeader();
  std::vector<Region> Regions = {
      {0, Hdr.e_ehsize, 0, "the ELF header"},
      {Hdr.e_phoff, uint64_t(Hdr.e_phnum) * Hdr.e_phentsize, 1,
       "the program headers"},
      {Hdr.e_shoff, uint64_t(Hdr.e_shnum) * Hdr.e_shentsize, 2,
       "the section headers"}};
  for (const SectionInfo &S : Sections)
    if (!S.Data.empty())
      Regions.push_back({S.Hdr->sh_offset, S.Data.size(), 3 + S.Index,
                         "section '" + S.Name.str() + "'"});
  llvm::erase_if(Regions, [](const Region &R) { return R.Size == 0; });
  llvm::sort(Regions, [](const Region &A, const Region &B) {
    return std::make_pair(A.Offset, A.Order) <
           std::make_pair(B.Offset, B.Order);
  });
  // Where a region ends, clamped to the file's address space.
  auto End = [](const Region &R) {
    return R.Offset + std::min(R.Size, ~R.Offset);
  };
  // Against the region that reaches furthest so far, which may not be the
  // one just before.
  for (size_t I = 1, Far = 0; I < Regions.size(); ++I) {
    const Region &Prev = Regions[Far], &Cur = Regions[I];
    uint64_t PrevEnd = End(Prev);
    if (Cur.Offset < PrevEnd)
      return createStringError(inconvertibleErrorCode(),
                               Prev.Name + " and " + Cur.Name +
                                   " overlap in the file (offsets " +
                                   utohexstr(Prev.Offset, /*LowerCase=*/true) +
                                   "+" + utohexstr(Prev.Size, true) + " and " +
                                   utohexstr(Cur.Offset, true) + ")");
    if (End(Cur) > PrevEnd)
      Far = I;
  }
  return Error::success();
}

std::string ElfInput::relocTypeName(uint32_t RelType) const {
  StringRef N = Elf.getRelocationTypeName(RelType);
  if (N == "Unknown")
    return "R_X86_64_<" + std::to_string(RelType) + ">";
  return N.str();
}

} // namespace gotfree
