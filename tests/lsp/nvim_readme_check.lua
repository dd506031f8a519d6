-- Runs after a README init.lua: wait for TensorLens's diagnostics in the current buffer, then print
-- them, and the root folder the client was started with, as one JSON line.
local buf = vim.api.nvim_get_current_buf()
local function tensorlens_client()
  for _, client in ipairs(vim.lsp.get_clients({ bufnr = buf })) do
    if client.name == "tensorlens" then return client end
  end
end
local ok = vim.wait(120000, function()
  return tensorlens_client() ~= nil and #vim.diagnostic.get(buf) > 0
end, 50)
local client = tensorlens_client()
io.stdout:write(vim.fn.json_encode({
  ok = ok,
  codes = vim.tbl_map(function(d) return d.code end, vim.diagnostic.get(buf)),
  root_dir = client and client.config.root_dir or vim.NIL,
  version = tostring(vim.version()),
}) .. "\n")
if client then client:stop() end
vim.cmd("qall!")
