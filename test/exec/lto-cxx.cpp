// Full LTO of C++: virtual calls, multiple inheritance (calls through a
// second base, its this-adjusting thunks, a virtual base) and dynamic_cast
// (typeinfo walks, a cross cast), compiled to bitcode with the plugin and
// linked as a static PIE by ld.lld with the plugin loaded, so that code
// generation runs inside the linker; run and compared with a baseline
// build, in every configuration, then the same under ThinLTO.
// RUN: bash %S/Inputs/exec-diff.sh --plugin %gotfree_so --opts "O2 O0" \
// RUN:   --lto full --modes "rewrite pie user" %t %s | FileCheck %s
// RUN: bash %S/Inputs/exec-diff.sh --plugin %gotfree_so --lto thin \
// RUN:   --modes "rewrite pie user" %t.thin %s \
// RUN:   | FileCheck %s --check-prefix=THIN
// CHECK:      == baseline -O2 output
// CHECK-NEXT: circle 3: area 27 name circle
// CHECK-NEXT: square 4: area 16 name square
// CHECK-NEXT: labelled square 5: area 25 name labelled square
// CHECK-NEXT: shape 0 is circle, 1 is square, 2 is square
// CHECK-NEXT: labels: - - [five]
// CHECK-NEXT: cross cast 1, back 1, to circle 0
// CHECK-NEXT: virtual base 7 7
// CHECK-NEXT: exit: 4
// CHECK:      exec-diff: 6 of 6 match
// THIN:       exec-diff: 3 of 3 match
//
// The bitcode of a full LTO compile keeps its vtables as they are (constant,
// no section, with their !type): the link's type-test lowering refuses a
// member of a type identifier with an explicit section. Code generation in
// the linker moves them to .data.rel.ro (relro=auto outside a kernel).
// RUN: clang++ -O2 -flto -fno-pie -fplugin=%gotfree_so -c %s -o %t.bc
// RUN: llvm-dis %t.bc -o - | FileCheck %s --check-prefix=BITCODE
// BITCODE: @_ZTV6Square = {{.*}} constant {{.*}}, align 8, !type
// RUN: ld.lld -r --load-pass-plugin=%gotfree_so %t.bc -o %t.lto.o
// RUN: llvm-readelf -r %t.lto.o \
// RUN:   | FileCheck %s --check-prefix=RELRO --implicit-check-not=.rela.rodata
// RELRO:     Relocation section '.rela.data.rel.ro
// RELRO:     R_X86_64_64 {{.*}} _ZNK6Square4areaEv + 0
// The link lowers type tests under ThinLTO as well when the vtables are in
// the split LTO unit's regular module (whole-program devirtualization, CFI);
// under full LTO, CFI lays the vtables out in one global of its own, which
// is placed the same way.
// RUN: clang++ -O2 -flto=thin -fwhole-program-vtables -fvisibility=hidden \
// RUN:   -fno-pie -fplugin=%gotfree_so -c %s -o %t.wpd.bc
// RUN: ld.lld -r --load-pass-plugin=%gotfree_so %t.wpd.bc -o %t.wpd.o
// RUN: llvm-readelf -r %t.wpd.o \
// RUN:   | FileCheck %s --check-prefix=RELRO --implicit-check-not=.rela.rodata
// RUN: clang++ -O2 -flto -fsanitize=cfi-vcall -fsanitize-trap=cfi-vcall \
// RUN:   -fvisibility=hidden -fno-pie -fplugin=%gotfree_so -c %s -o %t.cfi.bc
// RUN: ld.lld -r --load-pass-plugin=%gotfree_so %t.cfi.bc -o %t.cfi.o
// RUN: llvm-readelf -r %t.cfi.o \
// RUN:   | FileCheck %s --check-prefix=RELRO --implicit-check-not=.rela.rodata

#include <cstdio>

struct Shape {
  virtual ~Shape() {}
  virtual long area() const = 0;
  virtual const char *name() const { return "shape"; }
};

struct Labelled {
  virtual ~Labelled() {}
  virtual const char *label() const { return "-"; }
};

struct Circle : Shape {
  long R;
  explicit Circle(long R) : R(R) {}
  long area() const override { return 3 * R * R; }
  const char *name() const override { return "circle"; }
};

struct Square : Shape {
  long S;
  explicit Square(long S) : S(S) {}
  long area() const override;
  const char *name() const override { return "square"; }
};
long Square::area() const { return S * S; }

// A second base: calls through Labelled* go through a this-adjusting thunk.
struct LabelledSquare : Square, Labelled {
  const char *Text;
  LabelledSquare(long S, const char *Text) : Square(S), Text(Text) {}
  const char *name() const override { return "labelled square"; }
  const char *label() const override { return Text; }
};

// A virtual base: its offset is read from the vtable.
struct Counter {
  long Count = 0;
  virtual ~Counter() {}
};
struct Left : virtual Counter {};
struct Right : virtual Counter {};
struct Both : Left, Right {};

__attribute__((noinline)) static Shape *make(int Kind, long Size) {
  switch (Kind) {
  case 0:
    return new Circle(Size);
  case 1:
    return new Square(Size);
  default:
    return new LabelledSquare(Size, "[five]");
  }
}

__attribute__((noinline)) static long addVirtual(Left *L, Right *R) {
  L->Count += 3;
  R->Count += 4;
  return L->Count;
}

int main(int argc, char **) {
  Shape *Shapes[3];
  long Total = 0;
  for (int I = 0; I < 3; ++I) {
    Shapes[I] = make(I, I + argc + 2);
    std::printf("%s %ld: area %ld name %s\n", Shapes[I]->name(),
                (long)I + argc + 2, Shapes[I]->area(), Shapes[I]->name());
    Total += Shapes[I]->area();
  }
  std::printf("shape 0 is %s, 1 is %s, 2 is %s\n",
              dynamic_cast<Circle *>(Shapes[0]) ? "circle" : "?",
              dynamic_cast<Square *>(Shapes[1]) ? "square" : "?",
              dynamic_cast<Square *>(Shapes[2]) ? "square" : "?");
  std::printf("labels:");
  for (Shape *S : Shapes) {
    Labelled *L = dynamic_cast<Labelled *>(S);
    std::printf(" %s", L ? L->label() : "-");
  }
  std::printf("\n");
  // Across the hierarchy: from the second base back to the first.
  Labelled *L = dynamic_cast<Labelled *>(Shapes[2]);
  Shape *Back = dynamic_cast<Shape *>(L);
  std::printf("cross cast %d, back %d, to circle %d\n", L != nullptr,
              Back == Shapes[2], dynamic_cast<Circle *>(L) != nullptr);
  Both B;
  long V = addVirtual(&B, &B);
  std::printf("virtual base %ld %ld\n", V, B.Count);
  for (Shape *S : Shapes)
    delete S;
  return (int)(Total % 64);
}
