import urllib


def internet_connection(host: str = 'http://google.com'):
    """ check if internet connection is available """
    # the corpus runs offline: answer as urlopen would without a network, without waiting for it
    return False
