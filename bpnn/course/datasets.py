"""Handwritten digits to classify: the 8x8 digits shipped with bpnn, and MNIST from IDX files.

A data set holds each image as its raw integer pixels (uint8) and a label 0..9. A network reads
the pixels scaled to [0, 1] and, for training, the label as a one-hot target vector; a `Samples`
part hands them out in either of the two forms the two paths take:

    samples.patterns()   [[inputs, targets], ...], lists of floats: the textbook (NeuralNetwork)
    samples.arrays()     (X, T), float64 arrays of n rows: the kernels (bpnn.kernels)

Both are made from the same float64 numbers (pixel / scale, correctly rounded), so both paths
see the same bits. The raw pixels stay uint8 until asked for (MNIST's 60000 training images
take 47 MB so, 376 MB as float64), and `Dataset.limit(n)` takes the first n samples as views.

The embedded data: "Optical Recognition of Handwritten Digits" by E. Alpaydin and C. Kaynak,
UCI Machine Learning Repository
(http://archive.ics.uci.edu/ml/datasets/optical+recognition+of+handwritten+digits), its 1797
test images as scikit-learn ships them, licensed under CC BY 4.0
(https://creativecommons.org/licenses/by/4.0/); shipped unchanged as bpnn/data/digits.csv.gz.
MNIST (Y. LeCun, C. Cortes, C. J. C. Burges; CC BY-SA 3.0) is not shipped and never downloaded:
load_mnist reads the four files a user already has.

Standard library and numpy only; `import bpnn` does not import this module.
"""
import csv
import gzip
import os
import random
import zlib
from dataclasses import dataclass
from importlib import resources

import numpy as np

from bpnn.validation import check_fits, shown

N_CLASSES = 10
DIGITS_SCALE = 16.0   # the 8x8 digits count pixels 0..16
MNIST_SCALE = 255.0   # MNIST's grey levels are 0..255

# IDX type byte -> element type (big-endian, as the format stores it)
IDX_TYPES = {
    0x08: np.dtype("u1"),
    0x09: np.dtype("i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}

# the MNIST files, and the four ways users spell each name (tried in this order)
MNIST_FILES = {
    "train_images": ("train-images", "idx3-ubyte"),
    "train_labels": ("train-labels", "idx1-ubyte"),
    "test_images": ("t10k-images", "idx3-ubyte"),
    "test_labels": ("t10k-labels", "idx1-ubyte"),
}


@dataclass(frozen=True)
class Samples:
    """One part of a data set (training or test): n images and their labels.

    pixels: (n, n_inputs) array of raw pixel values; labels: (n,) array of classes 0..9;
    scale: the largest pixel value, so that an input is pixel / scale, in [0, 1].
    """
    pixels: np.ndarray
    labels: np.ndarray
    scale: float

    def __len__(self) -> int:
        return len(self.labels)

    def first(self, n: int | None) -> "Samples":
        """The first n samples (all of them if n is None or larger), as views: nothing is copied."""
        return self if n is None else Samples(self.pixels[:n], self.labels[:n], self.scale)

    def inputs(self) -> np.ndarray:
        """X: (n, n_inputs) float64, each pixel / scale; one new array, C-contiguous."""
        return np.divide(self.pixels, self.scale, dtype=np.float64)

    def targets(self) -> np.ndarray:
        """T: (n, 10) float64 one-hot rows, T[p, label_p] = 1."""
        targets = np.zeros((len(self.labels), N_CLASSES))
        targets[np.arange(len(self.labels)), self.labels] = 1.0
        return targets

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(X, T) for the kernels: float64 inputs in [0, 1] and one-hot targets."""
        return self.inputs(), self.targets()

    def patterns(self) -> list[list[list[float]]]:
        """[[inputs, targets], ...] for the textbook: the same numbers as arrays(), as lists of floats."""
        return [[inputs, targets] for inputs, targets in zip(self.inputs().tolist(), self.targets().tolist())]


@dataclass(frozen=True)
class Dataset:
    """A named data set: training and test samples of images of image_shape (rows, columns)."""
    name: str
    train: Samples
    test: Samples
    image_shape: tuple[int, int]

    @property
    def n_inputs(self) -> int:
        return self.image_shape[0] * self.image_shape[1]

    def limit(self, n: int | None) -> "Dataset":
        """The first n training and the first n test samples (all of each part with fewer), as views."""
        if n is None:
            return self
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError(f"limit must be a whole number of at least 1, got {shown(n)}")
        return Dataset(self.name, self.train.first(n), self.test.first(n), self.image_shape)


# ---------------------------------------------------------------- the embedded 8x8 digits
def load_digits(test_fraction: float = 0.2, seed: int = 0) -> Dataset:
    """The 1797 8x8 digits shipped with bpnn, split into training and test samples.

    The split is stratified and fixed by `seed`: for each class, its samples (in file order) are
    shuffled by random.Random(seed) and the first round(count · test_fraction) go to the test
    part. Both parts keep the file's order, which cycles through the classes, so the first n
    samples of either part are close to balanced. The defaults give 1438 training and 359 test samples.
    """
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be between 0 and 1, got {shown(test_fraction)}")
    pixels, labels = read_digits_csv()
    rng = random.Random(seed)
    test_indices = []
    for digit in range(N_CLASSES):
        indices = np.flatnonzero(labels == digit).tolist()
        rng.shuffle(indices)
        test_indices.extend(indices[:round(len(indices) * test_fraction)])
    in_test = np.zeros(len(labels), dtype=bool)
    in_test[test_indices] = True
    train = Samples(pixels[~in_test], labels[~in_test], DIGITS_SCALE)
    test = Samples(pixels[in_test], labels[in_test], DIGITS_SCALE)
    return Dataset("digits", train, test, (8, 8))


def read_digits_csv() -> tuple[np.ndarray, np.ndarray]:
    """(pixels (1797, 64) uint8, labels (1797,) uint8) from the package's digits.csv.gz."""
    resource = resources.files("bpnn.course") / "data" / "digits.csv.gz"
    with resource.open("rb") as compressed, gzip.open(compressed, "rt", encoding="ascii") as text:
        rows = [[int(value) for value in row] for row in csv.reader(text)]
    table = np.array(rows, dtype=np.int64)
    if table.ndim != 2 or table.shape[1] != 65 or table[:, :64].min() < 0 or table[:, :64].max() > 16 \
            or table[:, 64].min() < 0 or table[:, 64].max() >= N_CLASSES:
        raise ValueError(f"{resource}: not 64 pixels 0..16 and a label 0..9 per row; reinstall bpnn")
    return table[:, :64].astype(np.uint8), table[:, 64].astype(np.uint8)


# ---------------------------------------------------------------- IDX files and MNIST
READ_CHUNK = 2**20  # bytes read (decompressed) at a time
EXTRA_COUNTED = 2**20  # bytes after the data counted at most, to say how many there are


def read_part(stream, size: int, path) -> bytes:
    """Up to `size` bytes of a file's content, decompressed as they are read if it is gzip."""
    try:
        return stream.read(size)
    except EOFError:
        raise ValueError(f"{path}: truncated gzip file (the compressed stream ends early)") from None
    except (gzip.BadGzipFile, zlib.error) as error:
        raise ValueError(f"{path}: corrupt gzip file: {error}") from None


def read_at_most(stream, size: int, path) -> bytearray:
    """Up to `size` bytes, a megabyte at a time: the memory taken grows with what the file holds,
    never with what its header claims (a gzip file of a few megabytes may inflate to gigabytes)."""
    content = bytearray()
    while len(content) < size:
        part = read_part(stream, min(READ_CHUNK, size - len(content)), path)
        if not part:
            break
        content += part
    return content


def load_idx(path) -> np.ndarray:
    """The array stored in an IDX file (gzipped or raw), in native byte order, of its shape.

    IDX: two zero bytes, a type byte (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32,
    0x0E float64), the number of dimensions, each dimension as a big-endian uint32, then the data,
    big-endian and row-major. Every part is checked, and the file's size must be exactly what the
    header says; any problem is a ValueError naming the file and what is wrong. A gzip file is
    recognised by its first two bytes (1f 8b) and decompressed as it is read, and reading stops
    just past the size the header gives, so a file's memory is bounded by that size and by this
    machine's memory. A uint8 or int8 array is a read-only view of the bytes read (no copy).
    """
    with open(path, "rb") as file:
        gzipped = file.peek(2)[:2] == b"\x1f\x8b"
        if not gzipped and str(path).endswith(".gz"):
            raise ValueError(f"{path}: not a gzip file (named .gz, but it does not start with the gzip bytes 1f 8b)")
        stream = gzip.GzipFile(fileobj=file, mode="rb") if gzipped else file
        return read_idx(stream, path)


def read_idx(stream, path) -> np.ndarray:
    """load_idx's reading of the (decompressed) content, header first."""
    magic = read_part(stream, 4, path)
    if len(magic) < 4:
        raise ValueError(f"{path}: not an IDX file: {len(magic)} bytes, shorter than the 4-byte magic number")
    if magic[0] != 0 or magic[1] != 0:
        raise ValueError(f"{path}: not an IDX file: bad magic number {magic.hex(' ')} "
                         "(an IDX file starts with two zero bytes)")
    type_byte, n_dims = magic[2], magic[3]
    if type_byte not in IDX_TYPES:
        known = ", ".join(f"0x{code:02X}" for code in IDX_TYPES)
        raise ValueError(f"{path}: unknown IDX type byte 0x{type_byte:02X} (known: {known})")
    if n_dims == 0:
        raise ValueError(f"{path}: the IDX header gives 0 dimensions")
    header_size = 4 + 4 * n_dims
    dims_bytes = read_part(stream, 4 * n_dims, path)
    if len(dims_bytes) < 4 * n_dims:
        raise ValueError(f"{path}: truncated IDX header: {n_dims} dimensions need {header_size} bytes, "
                         f"the file has {4 + len(dims_bytes)}")
    dims = tuple(int.from_bytes(dims_bytes[4 * d:4 + 4 * d], "big") for d in range(n_dims))
    for d, size in enumerate(dims):
        if size == 0:
            raise ValueError(f"{path}: dimension {d + 1} of {n_dims} is 0")
    dtype = IDX_TYPES[type_byte]
    data_size = dtype.itemsize
    for size in dims:
        data_size = data_size * size
    shape = f"{' x '.join(map(str, dims))} {dtype.name}"
    try:
        check_fits(data_size, "bytes of data", 1, f"the header ({shape}) promises")
    except ValueError as error:
        raise ValueError(f"{path}: {error}") from None
    content = read_at_most(stream, data_size + 1, path)
    if len(content) < data_size:
        raise ValueError(f"{path}: truncated: the header ({shape}) promises {data_size} bytes of data, "
                         f"the file has {len(content)}")
    if len(content) > data_size:
        extra = len(content) - data_size + len(read_at_most(stream, EXTRA_COUNTED, path))
        counted = f"{extra}" if extra <= EXTRA_COUNTED else f"more than {EXTRA_COUNTED}"
        raise ValueError(f"{path}: {counted} bytes after the data; the header ({shape}) promises {data_size}")
    array = np.frombuffer(content, dtype=dtype).reshape(dims)
    if dtype.itemsize > 1:
        return array.astype(dtype.newbyteorder("="))
    array.flags.writeable = False
    return array


def mnist_paths(directory) -> dict[str, str]:
    """The path of each of the four MNIST files in `directory`, under any of the four spellings
    (train-images-idx3-ubyte, train-images.idx3-ubyte, each raw or .gz; the first found wins).
    A missing file is a FileNotFoundError naming the directory and the names looked for."""
    if not os.path.isdir(directory):
        raise FileNotFoundError(f"{directory}: no such directory (it should hold the four MNIST IDX files)")
    paths = {}
    for part, (stem, kind) in MNIST_FILES.items():
        names = [f"{stem}{separator}{kind}{suffix}" for separator in ("-", ".") for suffix in ("", ".gz")]
        found = [name for name in names if os.path.isfile(os.path.join(directory, name))]
        if not found:
            raise FileNotFoundError(f"{directory}: no {stem} file; looked for {', '.join(names)}")
        paths[part] = os.path.join(directory, found[0])
    return paths


def load_mnist(directory) -> Dataset:
    """MNIST from the four IDX files in `directory` (gzipped or raw; never downloads): 60000
    training and 10000 test images of 28x28 pixels 0..255, labels 0..9. Checks that the images
    are uint8 3-D arrays of one image size, the labels uint8 1-D arrays with values 0..9, and
    that each part has as many labels as images; each problem is a ValueError naming the file."""
    paths = mnist_paths(directory)
    arrays = {part: load_idx(path) for part, path in paths.items()}
    for part, array in arrays.items():
        wanted = 3 if part.endswith("images") else 1
        if array.dtype != np.uint8 or array.ndim != wanted:
            raise ValueError(f"{paths[part]}: expected a {wanted}-dimensional uint8 (type 0x08) IDX array, "
                             f"got {array.ndim} dimensions of {array.dtype.name}")
    for part in ("train_labels", "test_labels"):
        if arrays[part].max() >= N_CLASSES:
            raise ValueError(f"{paths[part]}: label {arrays[part].max()} found; labels must be 0..9")
    for prefix in ("train", "test"):
        n_images, n_labels = len(arrays[f"{prefix}_images"]), len(arrays[f"{prefix}_labels"])
        if n_images != n_labels:
            raise ValueError(f"{paths[f'{prefix}_labels']}: {n_labels} labels for the {n_images} images "
                             f"of {paths[f'{prefix}_images']}")
    image_shape = arrays["train_images"].shape[1:]
    if arrays["test_images"].shape[1:] != image_shape:
        raise ValueError(f"{paths['test_images']}: images of {arrays['test_images'].shape[1:]} pixels, "
                         f"the training images have {image_shape}")
    n_inputs = image_shape[0] * image_shape[1]
    train = Samples(arrays["train_images"].reshape(-1, n_inputs), arrays["train_labels"], MNIST_SCALE)
    test = Samples(arrays["test_images"].reshape(-1, n_inputs), arrays["test_labels"], MNIST_SCALE)
    return Dataset("mnist", train, test, image_shape)
