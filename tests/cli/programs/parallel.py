"""Functions sent to other processes and threads: pickle, copy, multiprocessing, threads."""
import concurrent.futures
import copy
import multiprocessing
import pickle
import threading


def square(x):
    return x * x


class Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.value = 0

    def add(self, n):
        with self.lock:
            self.value += n


def main():
    print(pickle.loads(pickle.dumps(square))(7), copy.deepcopy(square)(3), copy.copy(square)(2))
    with multiprocessing.Pool(2) as pool:
        print(pool.map(square, range(6)))
    counter = Counter()
    threads = [threading.Thread(target=counter.add, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with concurrent.futures.ThreadPoolExecutor(3) as ex:
        print(counter.value, sorted(ex.map(square, range(5))))


if __name__ == "__main__":
    main()
