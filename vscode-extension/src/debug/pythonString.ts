/**
 * debugpy honours `format.rawString` and returns the str itself, but some
 * versions and contexts still answer with its repr (`'{"version": 1}'`).
 * Decoding a repr here keeps the JSON reader independent of that detail.
 */
export function decodePythonString(text: string): string {
  const quote = text[0];
  if (text.length < 2 || (quote !== "'" && quote !== '"') || text[text.length - 1] !== quote) return text;
  const body = text.slice(1, -1);
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "\\") {
      out += c;
      continue;
    }
    if (i + 1 >= body.length) {
      out += c;
      break;
    }
    const e = body[++i];
    switch (e) {
      case "n": out += "\n"; break;
      case "t": out += "\t"; break;
      case "r": out += "\r"; break;
      case "x": out += String.fromCharCode(parseInt(body.slice(i + 1, i + 3), 16)); i += 2; break;
      case "u": out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16)); i += 4; break;
      case "U": out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 9), 16)); i += 8; break;
      default: out += e;
    }
  }
  return out;
}
