// Symbols of Java files, from the JDK's own parser (the javac Compiler Tree API): for the evaluation's syntactic
// providers. Run as a single-file program: java JavaSymbols.java FILE... ; prints JSON {file: [symbol]}, a symbol
// being {name, kind, line, col, endLine, endCol, nameLine, nameCol, children}, lines 1-based, columns 0-based.
import com.sun.source.tree.*;
import com.sun.source.util.*;
import javax.tools.*;
import java.io.File;
import java.util.*;

public class JavaSymbols {
  public static void main(String[] args) throws Exception {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null);
    List<File> inputs = new ArrayList<>();
    for (String a : args) inputs.add(new File(a));
    JavacTask task = (JavacTask) compiler.getTask(null, files, d -> {}, List.of("-proc:none"), null, files.getJavaFileObjectsFromFiles(inputs));
    SourcePositions pos = Trees.instance(task).getSourcePositions();
    StringBuilder out = new StringBuilder("{");
    int n = 0;
    for (CompilationUnitTree unit : task.parse()) {
      String source = unit.getSourceFile().getCharContent(true).toString();
      if (n++ > 0) out.append(',');
      out.append(quote(unit.getSourceFile().getName())).append(':').append(members(unit.getTypeDecls(), unit, pos, source));
    }
    System.out.println(out.append('}'));
  }

  static String members(List<? extends Tree> trees, CompilationUnitTree unit, SourcePositions pos, String source) {
    StringBuilder out = new StringBuilder("[");
    int n = 0;
    for (Tree t : trees) {
      String name;
      String kind;
      List<? extends Tree> children = List.of();
      if (t instanceof ClassTree c) {
        name = c.getSimpleName().toString();
        kind = "class";
        children = c.getMembers();
      } else if (t instanceof MethodTree m) {
        name = m.getName().toString();
        kind = name.equals("<init>") ? "constructor" : "method";
        if (name.equals("<init>")) name = enclosingName(unit, m);
      } else if (t instanceof VariableTree v) {
        name = v.getName().toString();
        kind = "field";
      } else continue;
      long start = pos.getStartPosition(unit, t);
      long end = pos.getEndPosition(unit, t);
      // The name's own position: its first occurrence after the modifiers and type.
      long at = source.indexOf(name, (int) start);
      if (at < 0 || at > end) at = start;
      LineMap lines = unit.getLineMap();
      if (n++ > 0) out.append(',');
      out.append("{\"name\":").append(quote(name)).append(",\"kind\":\"").append(kind).append('"')
        .append(",\"line\":").append(lines.getLineNumber(start)).append(",\"col\":").append(lines.getColumnNumber(start) - 1)
        .append(",\"endLine\":").append(lines.getLineNumber(end)).append(",\"endCol\":").append(lines.getColumnNumber(end) - 1)
        .append(",\"nameLine\":").append(lines.getLineNumber(at)).append(",\"nameCol\":").append(lines.getColumnNumber(at) - 1)
        .append(",\"children\":").append(members(children, unit, pos, source)).append('}');
    }
    return out.append(']').toString();
  }

  /** A constructor is named after its class. */
  static String enclosingName(CompilationUnitTree unit, MethodTree m) {
    for (Tree t : unit.getTypeDecls()) {
      if (t instanceof ClassTree c && c.getMembers().contains(m)) return c.getSimpleName().toString();
    }
    return "<init>";
  }

  static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
