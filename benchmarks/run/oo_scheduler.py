"""An object-heavy program for the `lesto run` row of `python -m lesto bench`: a class-based
task scheduler in the style of the classic Richards benchmark (tasks with priorities, packets
passed between them, a queue per task, polymorphic `run` methods, properties and dataclasses).

    python benchmarks/run/oo_scheduler.py [ROUNDS]      prints a checksum
"""
import sys
from dataclasses import dataclass, field

IDLE, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = range(6)


@dataclass
class Packet:
    dest: int
    kind: int
    datum: int = 0
    data: list = field(default_factory=lambda: [0, 0, 0, 0])
    link: "Packet | None" = None

    def append_to(self, queue):
        self.link = None
        if queue is None:
            return self
        last = queue
        while last.link is not None:
            last = last.link
        last.link = self
        return queue


class Task:
    def __init__(self, ident, priority, queue, scheduler):
        self.ident = ident
        self.priority = priority
        self.queue = queue
        self.scheduler = scheduler
        self.waiting = queue is not None
        self.held = False
        self.count = 0

    @property
    def runnable(self):
        return not self.held and (not self.waiting or self.queue is not None)

    def take(self):
        packet = self.queue
        self.queue = packet.link
        self.waiting = False
        return packet

    def deliver(self, packet):
        self.queue = packet.append_to(self.queue)

    def run(self, packet):
        raise NotImplementedError


class IdleTask(Task):
    def __init__(self, scheduler, budget):
        super().__init__(IDLE, 0, None, scheduler)
        self.budget = budget
        self.seed = 1

    def run(self, packet):
        self.budget -= 1
        if self.budget == 0:
            return self.scheduler.stop()
        if self.seed & 1 == 0:
            self.seed >>= 1
            return self.scheduler.release(DEVICE_A)
        self.seed = (self.seed >> 1) ^ 0xD008
        return self.scheduler.release(DEVICE_B)


class WorkerTask(Task):
    def __init__(self, scheduler, queue):
        super().__init__(WORKER, 1000, queue, scheduler)
        self.dest = HANDLER_A
        self.letter = 0

    def run(self, packet):
        if packet is None:
            return self.scheduler.wait()
        self.dest = HANDLER_B if self.dest == HANDLER_A else HANDLER_A
        packet.dest = self.dest
        packet.datum = 0
        for i in range(4):
            self.letter = self.letter % 26 + 1
            packet.data[i] = self.letter
        return self.scheduler.send(packet)


class HandlerTask(Task):
    def __init__(self, ident, scheduler, queue):
        super().__init__(ident, 2000 + ident, queue, scheduler)
        self.work = None
        self.devices = None

    def run(self, packet):
        if packet is not None:
            if packet.kind == 1:
                self.work = packet.append_to(self.work)
            else:
                self.devices = packet.append_to(self.devices)
        if self.work is not None:
            work = self.work
            if work.datum < 4:
                if self.devices is not None:
                    device = self.devices
                    self.devices = device.link
                    device.datum = work.data[work.datum]
                    work.datum += 1
                    return self.scheduler.send(device)
            else:
                self.work = work.link
                return self.scheduler.send(work)
        return self.scheduler.wait()


class DeviceTask(Task):
    def __init__(self, ident, scheduler):
        super().__init__(ident, 4000 + ident, None, scheduler)
        self.pending = None

    def run(self, packet):
        if packet is None:
            if self.pending is None:
                return self.scheduler.wait()
            done, self.pending = self.pending, None
            return self.scheduler.send(done)
        self.pending = packet
        self.scheduler.checksum = (self.scheduler.checksum * 31 + packet.datum) % 1000003
        return self.scheduler.hold()


class Scheduler:
    def __init__(self):
        self.tasks = {}
        self.current = None
        self.checksum = 0
        self.switches = 0

    def add(self, task):
        self.tasks[task.ident] = task

    def ordered(self):
        return sorted(self.tasks.values(), key=lambda t: -t.priority)

    def schedule(self):
        order = self.ordered()
        running = True
        while running:
            running = False
            for task in order:
                if task.ident not in self.tasks:
                    continue
                if task.runnable:
                    running = True
                    self.current = task
                    packet = task.take() if task.waiting and task.queue is not None else None
                    task.count += 1
                    self.switches += 1
                    task.run(packet)
        return self.checksum, self.switches

    def stop(self):
        self.tasks.pop(IDLE, None)
        return None

    def release(self, ident):
        task = self.tasks[ident]
        task.held = False
        return task

    def hold(self):
        self.current.held = True
        return None

    def wait(self):
        self.current.waiting = True
        return None

    def send(self, packet):
        target = self.tasks[packet.dest]
        packet.link = None
        target.deliver(packet)
        target.waiting = True
        return target


def build(budget):
    s = Scheduler()
    s.add(IdleTask(s, budget))
    work = None
    for _ in range(2):
        work = Packet(WORKER, 1).append_to(work)
    s.add(WorkerTask(s, work))
    for ident in (HANDLER_A, HANDLER_B):
        queue = None
        for _ in range(3):
            queue = Packet(DEVICE_A if ident == HANDLER_A else DEVICE_B, 0).append_to(queue)
        s.add(HandlerTask(ident, s, queue))
    for ident in (DEVICE_A, DEVICE_B):
        s.add(DeviceTask(ident, s))
    return s


def main(rounds):
    total = 0
    for r in range(rounds):
        checksum, switches = build(1000 + r).schedule()
        total = (total * 7 + checksum + switches) % 1000000007
    return total


if __name__ == "__main__":
    print(main(int(sys.argv[1]) if len(sys.argv) > 1 else 60))
