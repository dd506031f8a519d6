/** A CLI finding as a VS Code diagnostic, shaped like the language server's. */
import * as vscode from "vscode";
import { Finding } from "../contracts/checkReport";

/**
 * Where the rule pages are published: pyproject.toml's [project.urls]
 * Documentation, which esbuild.mjs puts in when it bundles, so the URL has one
 * source, as for the language server (tensorlens.catalogue.RuleInfo.help_uri).
 */
declare const TENSORLENS_DOCUMENTATION_URL: string;

/** The page of one rule (docs/rules/CODE.md, generated from its docstring). */
export function ruleHelpUri(code: string): vscode.Uri {
  return vscode.Uri.parse(`${TENSORLENS_DOCUMENTATION_URL}/rules/${code}.md`);
}

export function toDiagnostic(f: Finding): vscode.Diagnostic {
  // The CLI's lines and columns are 1-based; VS Code's are 0-based.
  const range = new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1);
  const severity = f.severity === "error" ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(range, f.message, severity);
  diagnostic.source = "tensorlens";
  diagnostic.code = { value: f.code, target: ruleHelpUri(f.code) };
  return diagnostic;
}
