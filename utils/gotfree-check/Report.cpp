//===- Report.cpp - Text and JSON renderings of a Report ------------------===//

#include "Report.h"
#include "ElfInput.h"

#include "llvm/Support/JSON.h"

using namespace llvm;

namespace gotfree {

const char *categoryName(Category C) {
  switch (C) {
  case Category::Got:
    return "got";
  case Category::Abs:
    return "abs";
  case Category::TextRel:
    return "textrel";
  case Category::Stale:
    return "stale";
  case Category::JumpTable:
    return "jump-table";
  }
  return "?";
}

// Line prefix of an Issue in text output.
static const char *issueKind(Category C) {
  switch (C) {
  case Category::Got:
    return "got-ref";
  case Category::Abs:
    return "abs-reloc";
  case Category::TextRel:
    return "text-reloc";
  case Category::Stale:
    return "stale-reloc";
  case Category::JumpTable:
    return "jump-table";
  }
  return "?";
}

uint64_t Report::errors(Category C) const {
  uint64_t N = Unlisted[static_cast<unsigned>(C)];
  if (C == Category::Got)
    N += llvm::count_if(Slots, [](const GotSlot &S) { return S.InScope; }) +
         UnslottedGotRefs.size();
  for (const Issue &I : Issues)
    N += I.Cat == C && I.Error && I.InScope;
  return N;
}

bool Report::passed() const {
  for (unsigned C = 0; C < NumCategories; ++C)
    if (!Allowed[C] && errors(static_cast<Category>(C)))
      return false;
  return true;
}

static void printRef(const GotRef &Ref, raw_ostream &OS) {
  OS << Ref.Loc << ": " << (Ref.Insn.empty() ? "<undecodable>" : Ref.Insn)
     << " [" << Ref.Via << "]";
}

void printText(const Report &R, raw_ostream &OS) {
  OS << "gotfree-check: " << R.File << ": " << R.ElfType << ", "
     << R.StaticRelocs << " static relocations"
     << (R.CodeScanned ? ", code scanned" : "") << "\n";
  if (R.ScopeRanges || R.ScopeSymbols)
    OS << "scope: " << R.ScopeSymbols
       << " symbols of the given objects; findings outside them are context\n";
  for (const GotSlot &S : R.Slots) {
    OS << (S.InScope ? "got-slot: " : "context: got-slot: ") << S.Section << " "
       << hex(S.Addr) << ": " << S.Symbol << " [" << S.Source << "], "
       << S.Refs.size() << " references\n";
    for (const GotRef &Ref : S.Refs) {
      OS << "  got-ref: ";
      printRef(Ref, OS);
      OS << "\n";
    }
  }
  for (const GotRef &Ref : R.UnslottedGotRefs) {
    OS << "got-ref: ";
    printRef(Ref, OS);
    OS << " (the linker adds a GOT slot)\n";
  }
  for (const Issue &I : R.Issues)
    OS << (I.InScope ? "" : "context: ") << issueKind(I.Cat) << ": "
       << (I.Error ? "" : "ok: ") << I.Loc << ": " << I.Message << "\n";
  for (unsigned C = 0; C < NumCategories; ++C)
    if (R.Unlisted[C])
      OS << "unlisted: " << R.Unlisted[C] << " more "
         << categoryName(static_cast<Category>(C))
         << " findings (raise --max-listed to see them)\n";
  if (R.DataAbs64)
    OS << "abs64-data: " << R.DataAbs64
       << " R_X86_64_64 relocations in allocated data (not an error)\n";
  for (const DynRelocStats &D : R.Dyn) {
    OS << "dyn-relocs: " << D.Section << ": " << D.Kind << ", " << D.Entries
       << " entries, " << D.Addresses << " addresses";
    for (const auto &[Type, N] : D.Types)
      OS << ", " << Type << " " << N;
    OS << "\n";
  }
  if (R.FixedCount)
    OS << "fixed: " << R.FixedCount << " relocations rewritten\n";
  OS << "gotfree-check: " << (R.passed() ? "PASS" : "FAIL") << ":";
  for (unsigned C = 0; C < NumCategories; ++C) {
    Category Cat = static_cast<Category>(C);
    OS << " " << categoryName(Cat) << "=" << R.errors(Cat);
    if (R.Allowed[C])
      OS << "(allowed)";
  }
  OS << "\n";
}

// Symbol and section names come from the file: JSON needs valid UTF-8.
static std::string u8(StringRef S) {
  return json::isUTF8(S) ? S.str() : json::fixUTF8(S);
}

static json::Object refJson(const GotRef &Ref) {
  return json::Object{{"address", int64_t(Ref.Addr)},
                      {"location", u8(Ref.Loc)},
                      {"instruction", u8(Ref.Insn)},
                      {"via", u8(Ref.Via)},
                      {"symbol", u8(Ref.Symbol)}};
}

void printJson(const Report &R, raw_ostream &OS) {
  json::OStream J(OS, 2);
  J.object([&] {
    J.attribute("file", u8(R.File));
    J.attribute("elf_type", u8(R.ElfType));
    J.attribute("result", R.passed() ? "pass" : "fail");
    J.attribute("static_relocations", int64_t(R.StaticRelocs));
    J.attribute("code_scanned", R.CodeScanned);
    J.attributeArray("got_slots", [&] {
      for (const GotSlot &S : R.Slots)
        J.object([&] {
          J.attribute("address", int64_t(S.Addr));
          J.attribute("section", u8(S.Section));
          J.attribute("symbol", u8(S.Symbol));
          J.attribute("source", u8(S.Source));
          J.attributeArray("references", [&] {
            for (const GotRef &Ref : S.Refs)
              J.value(refJson(Ref));
          });
          J.attribute("in_scope", S.InScope);
        });
    });
    J.attributeArray("unslotted_got_references", [&] {
      for (const GotRef &Ref : R.UnslottedGotRefs)
        J.value(refJson(Ref));
    });
    J.attributeArray("issues", [&] {
      for (const Issue &I : R.Issues)
        J.object([&] {
          J.attribute("kind", issueKind(I.Cat));
          J.attribute("category", categoryName(I.Cat));
          J.attribute("error", I.Error);
          J.attribute("address", int64_t(I.Addr));
          J.attribute("location", u8(I.Loc));
          J.attribute("message", u8(I.Message));
          for (const auto &[K, V] : I.Fields)
            J.attribute(K, u8(V));
          J.attribute("in_scope", I.InScope);
        });
    });
    J.attribute("data_abs64_relocations", int64_t(R.DataAbs64));
    J.attributeArray("dynamic_relocations", [&] {
      for (const DynRelocStats &D : R.Dyn)
        J.object([&] {
          J.attribute("section", u8(D.Section));
          J.attribute("kind", u8(D.Kind));
          J.attribute("entries", int64_t(D.Entries));
          J.attribute("addresses", int64_t(D.Addresses));
          J.attributeObject("types", [&] {
            for (const auto &[Type, N] : D.Types)
              J.attribute(u8(Type), int64_t(N));
          });
        });
    });
    J.attribute("fixed", int64_t(R.FixedCount));
    J.attributeObject("unlisted", [&] {
      for (unsigned C = 0; C < NumCategories; ++C)
        J.attribute(categoryName(static_cast<Category>(C)),
                    int64_t(R.Unlisted[C]));
    });
    J.attributeObject("errors", [&] {
      for (unsigned C = 0; C < NumCategories; ++C)
        J.attribute(categoryName(static_cast<Category>(C)),
                    int64_t(R.errors(static_cast<Category>(C))));
    });
    J.attributeArray("allowed", [&] {
      for (unsigned C = 0; C < NumCategories; ++C)
        if (R.Allowed[C])
          J.value(categoryName(static_cast<Category>(C)));
    });
  });
  OS << "\n";
}

} // namespace gotfree
