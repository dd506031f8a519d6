# The tutorial's Maze without tkinter (no display here): the same 4x4 grid, moves, rewards
# and observations, kept as coordinates instead of canvas items; after()/mainloop() run the
# callback once, as the Tk loop does.
import numpy as np

UNIT = 40   # pixels
MAZE_H = 4  # grid height
MAZE_W = 4  # grid width


class Maze(object):
    def __init__(self):
        self.action_space = ['u', 'd', 'l', 'r']
        self.n_actions = len(self.action_space)
        self.n_features = 2
        self._callback = None
        self._build_maze()

    def _build_maze(self):
        origin = np.array([20, 20])
        hell1_center = origin + np.array([UNIT * 2, UNIT])
        self.hell1 = [hell1_center[0] - 15, hell1_center[1] - 15, hell1_center[0] + 15, hell1_center[1] + 15]
        oval_center = origin + UNIT * 2
        self.oval = [oval_center[0] - 15, oval_center[1] - 15, oval_center[0] + 15, oval_center[1] + 15]
        self.rect = [origin[0] - 15, origin[1] - 15, origin[0] + 15, origin[1] + 15]

    def reset(self):
        origin = np.array([20, 20])
        self.rect = [origin[0] - 15, origin[1] - 15, origin[0] + 15, origin[1] + 15]
        return (np.array(self.rect[:2]) - np.array(self.oval[:2]))/(MAZE_H*UNIT)

    def step(self, action):
        s = self.rect
        base_action = np.array([0, 0])
        if action == 0:   # up
            if s[1] > UNIT:
                base_action[1] -= UNIT
        elif action == 1:   # down
            if s[1] < (MAZE_H - 1) * UNIT:
                base_action[1] += UNIT
        elif action == 2:   # right
            if s[0] < (MAZE_W - 1) * UNIT:
                base_action[0] += UNIT
        elif action == 3:   # left
            if s[0] > UNIT:
                base_action[0] -= UNIT
        self.rect = [s[0] + base_action[0], s[1] + base_action[1], s[2] + base_action[0], s[3] + base_action[1]]
        next_coords = self.rect
        if next_coords == self.oval:
            reward = 1
            done = True
        elif next_coords in [self.hell1]:
            reward = -1
            done = True
        else:
            reward = 0
            done = False
        s_ = (np.array(next_coords[:2]) - np.array(self.oval[:2]))/(MAZE_H*UNIT)
        return s_, reward, done

    def render(self):
        pass

    def after(self, ms, callback):
        self._callback = callback

    def mainloop(self):
        self._callback()

    def destroy(self):
        pass
