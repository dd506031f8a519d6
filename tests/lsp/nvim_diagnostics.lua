-- Neovim (0.10+) as a second, independent LSP client: start `tensorlens lsp`, open a file,
-- wait for its diagnostics, make one hover round trip, and print both as one JSON line.
-- Environment: TL_SERVER_CMD (a JSON array), TL_FILE (the file to open), TL_HOVER ("line,character").
local function fail(message)
  io.stdout:write("FAIL: " .. message .. "\n")
  vim.cmd("cquit 1")
end

local file = os.getenv("TL_FILE")
local uri = vim.uri_from_fname(file)
local got
vim.cmd("edit " .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
-- vim.lsp.start (0.10+) starts the client and attaches it to the current buffer.
local id = vim.lsp.start({
  name = "tensorlens",
  cmd = vim.fn.json_decode(os.getenv("TL_SERVER_CMD")),
  root_dir = vim.fn.fnamemodify(file, ":h"),
  handlers = {
    ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
      if result and result.uri == uri then got = result end
      return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
    end,
  },
})
if not id then fail("the client did not start") end
-- Neovim 0.12 pulls diagnostics (textDocument/diagnostic), so no publishDiagnostics comes: wait for what
-- vim.diagnostic shows, and take the LSP diagnostics it was made of.
if not vim.wait(120000, function() return #vim.diagnostic.get(buf) > 0 end, 50) then
  fail("no diagnostics")
end

local line, character = string.match(os.getenv("TL_HOVER") or "0,0", "(%d+),(%d+)")
local client = vim.lsp.get_client_by_id(id)
local params = {
  textDocument = { uri = uri },
  position = { line = tonumber(line), character = tonumber(character) },
}
-- Client methods take `self` from 0.11 on.
local hover
if vim.fn.has("nvim-0.11") == 1 then
  hover = client:request_sync("textDocument/hover", params, 60000, buf)
else
  hover = client.request_sync("textDocument/hover", params, 60000, buf)
end
local pulled = vim.tbl_map(function(d) return d.user_data and d.user_data.lsp or vim.NIL end,
  vim.diagnostic.get(buf))
io.stdout:write(vim.fn.json_encode({
  diagnostics = got and got.diagnostics or pulled,
  pushed = got ~= nil,
  version = got and got.version or vim.NIL,
  shown = #vim.diagnostic.get(buf),
  hover = hover and hover.result or vim.NIL,
}) .. "\n")
if vim.fn.has("nvim-0.11") == 1 then client:stop() else client.stop() end
vim.cmd("qall!")
