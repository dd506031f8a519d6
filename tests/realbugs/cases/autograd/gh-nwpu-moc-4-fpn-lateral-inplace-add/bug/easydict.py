# stand-in for the easydict package (not installed here): a dict with attribute access that,
# like EasyDict, turns nested dict values into EasyDicts when they are assigned
class EasyDict(dict):
    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name)

    def __setattr__(self, name, value):
        if isinstance(value, dict) and not isinstance(value, EasyDict):
            value = EasyDict(value)
            for k, v in list(value.items()):
                setattr(value, k, v)
        self[name] = value
