//! Debian package sizes: how many bytes `apt-get install <name>` adds.
//!
//! Derived from the Debian **bookworm amd64** archive metadata
//! (`Packages` of bookworm, bookworm-updates and bookworm-security, read
//! 2026-11-28 through `apt-cache dumpavail` on a bookworm host): for each
//! package, the sum of `Installed-Size` (KiB) over the package and every
//! dependency (`Pre-Depends`, `Depends`, first satisfiable alternative,
//! virtual packages through `Provides`; plus `Recommends` for the
//! "with recommends" columns) that is not already installed. Two starting
//! points:
//!
//! - **minbase**: Debian's required/essential packages plus `apt` and their
//!   dependencies (96 packages, what `debian:bookworm(-slim)` holds; the
//!   slim, alpine-less official images such as `node:*-slim` and
//!   `python:*-slim` start from it);
//! - **buildpack**: minbase plus the packages `buildpack-deps:bookworm`
//!   installs in its curl, scm and default Dockerfiles
//!   (docker-library/buildpack-deps `debian/bookworm/{curl,scm,}/Dockerfile`
//!   @84e7e460), what the default `node`, `python`, `golang`, `rust` and
//!   `ruby` images start from. Installing `gcc` there adds nothing.
//!
//! The same method gives 904 MB for the buildpack set over minbase, against
//! roughly 960 MB measured (node:22's 1.13 GB minus its node and yarn
//! layers, reference 5.6), and 268 MB for `build-essential`, against the
//! 102.3 MB compressed ×2.6 ≈ 266 MB of golang's `gcc g++ libc6-dev make
//! pkg-config` layer: close enough to trust as estimates. `Installed-Size`
//! rounds each package up to KiB and includes documentation that `-slim`
//! images' dpkg excludes, so figures lean high.

use super::estimate::KIB;

/// One package: its own size and the closures it adds, all in KiB.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DebPackage {
    pub name: &'static str,
    /// `Installed-Size` of the package alone.
    pub own: u64,
    /// Added on minbase, without / with Recommends.
    pub minbase: u64,
    pub minbase_recommends: u64,
    /// Added on a buildpack-deps image, without / with Recommends.
    pub buildpack: u64,
    pub buildpack_recommends: u64,
}

const fn p(
    name: &'static str,
    own: u64,
    minbase: u64,
    minbase_recommends: u64,
    buildpack: u64,
    buildpack_recommends: u64,
) -> DebPackage {
    DebPackage {
        name,
        own,
        minbase,
        minbase_recommends,
        buildpack,
        buildpack_recommends,
    }
}

/// Which installed set a stage starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Baseline {
    Minbase,
    Buildpack,
}

impl DebPackage {
    /// Bytes added on `baseline`, with or without Recommends.
    pub fn closure_bytes(&self, baseline: Baseline, recommends: bool) -> u64 {
        let kib = match (baseline, recommends) {
            (Baseline::Minbase, false) => self.minbase,
            (Baseline::Minbase, true) => self.minbase_recommends,
            (Baseline::Buildpack, false) => self.buildpack,
            (Baseline::Buildpack, true) => self.buildpack_recommends,
        };
        kib * KIB
    }

    /// The package's own bytes (0 when the baseline already has it).
    pub fn own_bytes(&self, baseline: Baseline, recommends: bool) -> u64 {
        if self.closure_bytes(baseline, recommends) == 0 {
            0
        } else {
            self.own * KIB
        }
    }
}

/// The table, sorted by name.
pub const PACKAGES: &[DebPackage] = &[
    p("apache2", 588, 62473, 67182, 7614, 7678),
    p("apt-transport-https", 35, 35, 35, 35, 35),
    p("apt-utils", 1037, 1037, 1037, 1037, 1037),
    p("autoconf", 2025, 2695, 4666, 0, 0),
    p("awscli", 94244, 143982, 231458, 111272, 118720),
    p("bash", 7164, 0, 0, 0, 0),
    p("build-essential", 20, 267837, 345069, 20, 20),
    p("bzip2", 121, 121, 121, 0, 0),
    p("ca-certificates", 388, 8745, 8745, 0, 0),
    p("cargo", 12241, 660106, 1198428, 413092, 813113),
    p("chromium", 290280, 720940, 980432, 631798, 803642),
    p("cmake", 28897, 93398, 352454, 40998, 40998),
    p("cron", 217, 317, 19596, 261, 7524),
    p("curl", 489, 11703, 15394, 0, 0),
    p("default-jre-headless", 12, 223905, 279241, 196935, 199149),
    p("default-libmysqlclient-dev", 9, 44508, 101482, 0, 0),
    p("default-mysql-client", 9, 85214, 87750, 77722, 80213),
    p("dialog", 1213, 1625, 1670, 1213, 1213),
    p("dirmngr", 1329, 3989, 25549, 0, 0),
    p("dnsutils", 26, 52473, 52746, 5701, 5701),
    p("dpkg-dev", 1728, 40521, 345069, 0, 0),
    p("dumb-init", 37, 37, 37, 37, 37),
    p("ffmpeg", 2388, 470109, 623518, 352620, 469170),
    p("file", 79, 8441, 8441, 0, 0),
    p("fonts-liberation", 2093, 2093, 2093, 2093, 2093),
    p("g++", 14, 260915, 317889, 0, 0),
    p("gcc", 47, 176018, 262268, 0, 0),
    p("gettext", 5825, 44819, 60213, 6470, 6470),
    p("ghostscript", 196, 80853, 90771, 57564, 67209),
    p("git", 44890, 58686, 73335, 0, 0),
    p("git-lfs", 10955, 69641, 84290, 0, 0),
    p("gnupg", 886, 19086, 25549, 0, 0),
    p("gnupg2", 454, 19540, 26003, 454, 454),
    p("golang-go", 69, 453413, 771578, 453413, 453413),
    p("gosu", 2185, 2185, 2185, 2185, 2185),
    p("gradle", 509, 341376, 400574, 313691, 319722),
    p("graphviz", 3064, 74280, 128679, 23043, 27553),
    p("gzip", 252, 0, 0, 0, 0),
    p("htop", 378, 1030, 1075, 618, 618),
    p("imagemagick", 189, 94101, 210162, 0, 0),
    p("iproute2", 3516, 13659, 14092, 4181, 4341),
    p("iputils-ping", 121, 254, 307, 254, 307),
    p("jq", 111, 1143, 1143, 1143, 1143),
    p("less", 313, 313, 313, 313, 313),
    p("libasound2", 1161, 1361, 2470, 1361, 2470),
    p("libbluetooth-dev", 906, 30476, 87450, 1200, 1200),
    p("libbz2-dev", 95, 29371, 86957, 0, 0),
    p("libc6-dev", 11975, 29276, 86250, 0, 0),
    p("libcairo2", 1307, 13119, 13119, 0, 0),
    p("libcurl4-openssl-dev", 1778, 12992, 16683, 0, 0),
    p("libdb-dev", 8, 3094, 3094, 0, 0),
    p("libexpat1-dev", 845, 30535, 87095, 0, 0),
    p("libffi-dev", 315, 315, 315, 0, 0),
    p("libfreetype6-dev", 69, 36555, 91635, 0, 0),
    p("libgbm1", 107, 795, 795, 381, 381),
    p("libgdbm-compat-dev", 86, 29762, 86736, 86, 86),
    p("libgdbm-dev", 400, 29676, 86650, 0, 0),
    p("libgl1", 652, 210995, 210995, 167260, 167260),
    p("libglib2.0-0", 4135, 4135, 56984, 0, 0),
    p("libgomp1", 312, 312, 312, 0, 0),
    p("libjpeg-dev", 107, 31156, 87453, 0, 0),
    p("liblzma-dev", 726, 726, 726, 0, 0),
    p("libmagic1", 232, 8362, 8362, 0, 0),
    p("libmariadb3", 553, 6697, 6697, 0, 0),
    p("libncurses-dev", 2319, 32342, 89361, 0, 0),
    p("libncursesw5-dev", 6, 32348, 89367, 0, 0),
    p("libnss3", 4114, 6118, 6118, 4436, 4436),
    p("libpango-1.0-0", 520, 15617, 68466, 0, 0),
    p("libpng-dev", 854, 31857, 88606, 0, 0),
    p("libpq-dev", 595, 22483, 23132, 0, 0),
    p("libpq5", 906, 9682, 10331, 0, 0),
    p("libreadline-dev", 790, 33696, 90715, 0, 0),
    p("libreoffice-core", 117425, 357935, 1295539, 264047, 1007380),
    p("libsm6", 73, 728, 728, 0, 0),
    p("libsqlite3-dev", 3150, 34108, 91082, 0, 0),
    p("libssl-dev", 12206, 18248, 18248, 0, 0),
    p("libtool", 1213, 215082, 277950, 0, 0),
    p("libvips-dev", 2365, 467542, 756881, 127114, 150500),
    p("libwebp-dev", 1084, 1892, 1892, 0, 0),
    p("libxext6", 132, 3864, 3864, 0, 0),
    p("libxml2-dev", 3286, 119100, 176074, 0, 0),
    p("libxrender1", 78, 3810, 3810, 0, 0),
    p("libyaml-dev", 256, 408, 408, 0, 0),
    p("libzstd-dev", 1224, 1224, 1224, 0, 0),
    p("locales", 15847, 20197, 20197, 20197, 20197),
    p("logrotate", 160, 722, 20001, 666, 7929),
    p("lsb-release", 17, 17, 17, 17, 17),
    p("make", 1592, 1592, 1592, 0, 0),
    p("man-db", 2963, 7277, 7277, 7277, 7277),
    p("manpages", 1548, 1548, 1548, 1548, 1548),
    p("mariadb-client", 62935, 85205, 87741, 77713, 80204),
    p("mariadb-server", 53815, 208207, 210028, 192807, 194136),
    p("maven", 123, 236612, 291948, 209642, 211856),
    p("nano", 2804, 3216, 3261, 2804, 2804),
    p("net-tools", 978, 978, 978, 978, 978),
    p("netbase", 36, 36, 36, 0, 0),
    p("netcat-openbsd", 108, 310, 310, 108, 108),
    p("nginx", 1336, 15328, 15761, 5850, 6010),
    p("nodejs", 191771, 227184, 227502, 191771, 191771),
    p("npm", 2941, 418185, 1234311, 333393, 711355),
    p(
        "openjdk-17-jdk-headless",
        77193,
        301086,
        356422,
        274116,
        276330,
    ),
    p(
        "openjdk-17-jre-headless",
        188872,
        223893,
        279229,
        196923,
        199137,
    ),
    p("openssh-client", 5801, 14579, 18649, 0, 0),
    p("openssh-server", 1930, 20260, 50020, 2276, 26733),
    p("openssl", 2315, 8357, 8357, 0, 0),
    p("patch", 248, 248, 248, 0, 0),
    p("php", 10, 89179, 97613, 27975, 29926),
    p("php-cli", 21, 69919, 69919, 16656, 16656),
    p("php-fpm", 10, 95559, 97630, 39561, 41173),
    p("pkg-config", 29, 276, 276, 0, 0),
    p("poppler-utils", 716, 28251, 41337, 9712, 22798),
    p("postgresql", 16, 266254, 298808, 214385, 243439),
    p("postgresql-client", 16, 19099, 19748, 8761, 8761),
    p("procps", 2091, 2735, 3689, 0, 0),
    p("python3", 81, 32710, 35731, 0, 0),
    p("python3-dev", 155, 92218, 151559, 35441, 35474),
    p("python3-pip", 6678, 46811, 418070, 10395, 45889),
    p("python3-setuptools", 2534, 37299, 40320, 3586, 3586),
    p("python3-venv", 6, 39513, 39831, 3097, 3097),
    p("python3-wheel", 131, 33844, 36865, 131, 131),
    p("redis-server", 183, 13030, 13030, 6931, 6931),
    p("redis-tools", 5837, 12835, 12835, 6748, 6748),
    p("rsync", 937, 7224, 7224, 1182, 1182),
    p("ruby", 29, 37411, 50940, 27719, 40823),
    p("ruby-dev", 17, 43129, 74209, 31232, 61887),
    p("rustc", 7753, 642181, 1198428, 398390, 813113),
    p(
        "software-properties-common",
        450,
        155849,
        178727,
        60594,
        63905,
    ),
    p("sqlite3", 533, 2779, 2779, 533, 533),
    p("ssh", 184, 20444, 50204, 2460, 26917),
    p("strace", 2839, 3035, 3035, 3035, 3035),
    p("sudo", 6055, 6055, 6055, 6055, 6055),
    p("supervisor", 1707, 35481, 38502, 2759, 2759),
    p("telnet", 54, 7901, 8174, 311, 311),
    p("tesseract-ocr", 2135, 98431, 116934, 23782, 23782),
    p("texlive-latex-base", 12315, 180883, 832732, 122208, 681990),
    p("tini", 731, 731, 731, 731, 731),
    p("tk-dev", 23, 109892, 375046, 15909, 15909),
    p("tzdata", 2571, 0, 0, 0, 0),
    p("unzip", 380, 380, 380, 0, 0),
    p("uuid-dev", 113, 29389, 86363, 0, 0),
    p("vim", 3650, 40761, 40896, 40761, 40896),
    p("wget", 3521, 3617, 12701, 0, 0),
    p("wkhtmltopdf", 887, 376298, 610788, 301042, 461822),
    p("xvfb", 4428, 230999, 239380, 183094, 191475),
    p("xz-utils", 1226, 1226, 1226, 0, 0),
    p("zip", 616, 616, 996, 616, 616),
    p("zlib1g-dev", 1310, 30586, 87560, 0, 0),
];

/// A package by its Debian name.
pub fn lookup(name: &str) -> Option<&'static DebPackage> {
    PACKAGES
        .binary_search_by(|p| p.name.cmp(name))
        .ok()
        .map(|i| &PACKAGES[i])
}

/// For a package the table does not list: the median closure of the table
/// on that baseline, with the 25th and 90th percentiles as the range.
pub fn unknown_package(baseline: Baseline, recommends: bool) -> (u64, u64, u64) {
    let mut sizes: Vec<u64> = PACKAGES
        .iter()
        .map(|p| p.closure_bytes(baseline, recommends))
        .collect();
    sizes.sort_unstable();
    let at = |fraction: f64| -> u64 {
        let index = ((sizes.len().saturating_sub(1)) as f64 * fraction).round() as usize;
        sizes.get(index).copied().unwrap_or(0)
    };
    (at(0.25), at(0.5), at(0.9))
}

/// Debian names for the Alpine (and a few RPM) package names whose Debian
/// counterpart is in the table under another name.
const ALIASES: &[(&str, &str)] = &[
    ("aws-cli", "awscli"),
    ("build-base", "build-essential"),
    ("cairo", "libcairo2"),
    ("font-liberation", "fonts-liberation"),
    ("g++", "g++"),
    ("gcc-c++", "g++"),
    ("go", "golang-go"),
    ("iputils", "iputils-ping"),
    ("java-17-openjdk-headless", "openjdk-17-jre-headless"),
    ("jpeg-dev", "libjpeg-dev"),
    ("libffi-devel", "libffi-dev"),
    ("libjpeg-turbo-dev", "libjpeg-dev"),
    ("libpq", "libpq-dev"),
    ("libxml2-devel", "libxml2-dev"),
    ("mariadb-connector-c-dev", "default-libmysqlclient-dev"),
    ("mariadb-dev", "default-libmysqlclient-dev"),
    ("musl-dev", "libc6-dev"),
    ("nss", "libnss3"),
    ("openjdk17-jre-headless", "openjdk-17-jre-headless"),
    ("openssh", "openssh-client"),
    ("openssh-clients", "openssh-client"),
    ("openssl-dev", "libssl-dev"),
    ("openssl-devel", "libssl-dev"),
    ("pango", "libpango-1.0-0"),
    ("pkgconf", "pkg-config"),
    ("pkgconfig", "pkg-config"),
    ("postgresql-dev", "libpq-dev"),
    ("postgresql-devel", "libpq-dev"),
    ("py3-pip", "python3-pip"),
    ("python3-devel", "python3-dev"),
    ("redis", "redis-tools"),
    ("rust", "rustc"),
    ("su-exec", "gosu"),
    ("vips-dev", "libvips-dev"),
    ("xz", "xz-utils"),
    ("zlib-dev", "zlib1g-dev"),
    ("zlib-devel", "zlib1g-dev"),
];

/// A package by its Debian name or a known Alpine/RPM alias.
pub fn lookup_any(name: &str) -> Option<&'static DebPackage> {
    lookup(name).or_else(|| {
        ALIASES
            .iter()
            .find(|(alias, _)| *alias == name)
            .and_then(|(_, debian)| lookup(debian))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(PACKAGES.windows(2).all(|w| w[0].name < w[1].name));
        for alias in ALIASES {
            assert!(
                lookup(alias.1).is_some(),
                "alias target {} missing",
                alias.1
            );
        }
    }

    #[test]
    fn closures_are_consistent() {
        for p in PACKAGES {
            // Recommends only ever add; buildpack already has more.
            assert!(p.minbase_recommends >= p.minbase, "{}", p.name);
            assert!(p.buildpack <= p.minbase, "{}", p.name);
            assert!(p.buildpack_recommends <= p.minbase_recommends, "{}", p.name);
        }
    }

    #[test]
    fn known_figures() {
        let curl = lookup("curl").expect("curl");
        assert_eq!(curl.closure_bytes(Baseline::Minbase, false), 11_703 * KIB);
        assert!(curl.closure_bytes(Baseline::Minbase, true) > curl.minbase * KIB);
        assert_eq!(curl.closure_bytes(Baseline::Buildpack, false), 0);
        assert_eq!(
            lookup_any("build-base").map(|p| p.name),
            Some("build-essential")
        );
        let (low, mid, high) = unknown_package(Baseline::Minbase, false);
        assert!(low <= mid && mid <= high && mid > 0);
    }
}
