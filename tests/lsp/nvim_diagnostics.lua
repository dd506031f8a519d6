-- Neovim (0.7+) as a second, independent LSP client: start `tensorlens lsp`, open a file,
-- wait for its diagnostics, make one hover round trip, and print both as one JSON line.
-- Environment: TL_SERVER_CMD (a JSON array), TL_FILE (the file to open), TL_HOVER ("line,character").
local function fail(message)
  io.stdout:write("FAIL: " .. message .. "\n")
  vim.cmd("cquit 1")
end

local file = os.getenv("TL_FILE")
local uri = vim.uri_from_fname(file)
local got
local id = vim.lsp.start_client({
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

vim.cmd("edit " .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, id)
if not vim.wait(120000, function() return got ~= nil end, 50) then fail("no diagnostics") end

local line, character = string.match(os.getenv("TL_HOVER") or "0,0", "(%d+),(%d+)")
local client = vim.lsp.get_client_by_id(id)
local hover = client.request_sync("textDocument/hover", {
  textDocument = { uri = uri },
  position = { line = tonumber(line), character = tonumber(character) },
}, 60000, buf)
io.stdout:write(vim.fn.json_encode({
  diagnostics = got.diagnostics,
  version = got.version,
  shown = #vim.diagnostic.get(buf),
  hover = hover and hover.result or vim.NIL,
}) .. "\n")
client.stop()
vim.cmd("qall!")
