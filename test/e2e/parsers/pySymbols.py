"""Symbols of Python files, from Python's own parser (ast): for the evaluation's syntactic providers.

Usage: python3 pySymbols.py FILE... ; prints JSON: {file: [symbol]}, a symbol being
{name, kind, line, col, endLine, endCol, nameLine, nameCol, children}, lines 1-based, columns 0-based.
"""
import ast
import json
import sys


def name_position(node, source_lines):
    """Where the name of a def/class is: after the keyword on the node's first line."""
    line = node.lineno
    text = source_lines[line - 1]
    col = text.find(node.name, node.col_offset)
    return line, max(col, 0)


def symbols_of(body, source_lines, assignments=True):
    """Definitions, and the names assigned at module and class level (a function's locals are not symbols)."""
    out = []
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            start = node.decorator_list[0].lineno if node.decorator_list else node.lineno
            name_line, name_col = name_position(node, source_lines)
            out.append({
                "name": node.name,
                "kind": "class" if isinstance(node, ast.ClassDef) else "function",
                "line": start, "col": 0,
                "endLine": node.end_lineno, "endCol": node.end_col_offset,
                "nameLine": name_line, "nameCol": name_col,
                "children": symbols_of(node.body, source_lines, isinstance(node, ast.ClassDef)),
            })
        elif assignments and isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    out.append({
                        "name": target.id, "kind": "variable",
                        "line": node.lineno, "col": node.col_offset,
                        "endLine": node.end_lineno, "endCol": node.end_col_offset,
                        "nameLine": target.lineno, "nameCol": target.col_offset, "children": [],
                    })
    return out


result = {}
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        source = f.read()
    result[path] = symbols_of(ast.parse(source, filename=path).body, source.split("\n"))
print(json.dumps(result))
