from scratchai import attacks
