/** The extension host's side of the bridge to the runner (see bridgeProtocol.ts). */
import * as http from "http";
import { BridgeAnswers, BridgeRequest } from "../bridgeProtocol";

export function ask<R extends BridgeRequest>(request: R): Promise<BridgeAnswers[R["action"]]> {
  const url = process.env.TL_E2E_BRIDGE;
  if (url === undefined) throw new Error("TL_E2E_BRIDGE is not set: run the suite through test/e2e/runner.ts");
  const body = JSON.stringify(request);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        if (res.statusCode === 200) resolve(JSON.parse(text) as BridgeAnswers[R["action"]]);
        else reject(new Error(`bridge ${request.action}: ${text}`));
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}
