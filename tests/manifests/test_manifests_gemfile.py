"""Gemfile parsing: gem lines, groups, guards, gemspec, Gemfile.lock, and odd input."""

from __future__ import annotations

import textwrap

from hms_status.manifests import Dependency, parse_gemfile, parse_gemfile_lock

GEMFILE = textwrap.dedent(
    """\
    # frozen_string_literal: true
    source "https://rubygems.org"
    gemspec path: "core"
    ruby "3.3.0"

    gem "rails", "~> 7.1", ">= 7.1.2"
    gem("pg", "1.5") # parenthesised
    gem 'bootsnap', require: false if ENV["BOOT"] # a '#' in a comment
    gem "multi",
      "~> 2.0",
      require: false
    gem "rspec-rails", group: [:development, :test]
    gem "sidekiq", :group => :jobs
    eval_gemfile "Gemfile.local" if File.exist?("Gemfile.local")

    =begin
    gem "commented-out"
    =end

    group :development, :test do
      gem "debug", platforms: %i[mri windows]
      if RUBY_ENGINE == "jruby"
        gem "jruby-only"
      end
    end

    group :docs, optional: true do
      platforms :ruby do
        gem "yard", "~> 0.9"
      end
    end

    group :production do
      gem "puma" unless ENV["NO_PUMA"]
    end

    if true then puts "one-liner" end
    gem "after-blocks"
    """
)


def test_manifests_gemfile_gems_groups_and_guards() -> None:
    result = parse_gemfile(GEMFILE, "Gemfile")

    assert result.error is None
    assert result.dependencies == (
        Dependency("rails", "~> 7.1, >= 7.1.2", "rubygems"),
        Dependency("pg", "1.5", "rubygems"),
        Dependency("bootsnap", "", "rubygems", marker='if ENV["BOOT"]'),
        Dependency("multi", "~> 2.0", "rubygems"),
        Dependency("after-blocks", "", "rubygems"),
    )
    assert [(dep.name, dep.group, dep.marker) for dep in result.dev_dependencies] == [
        ("rspec-rails", "development,test", ""),
        ("debug", "development,test", "platforms: %i[mri windows]"),
        ("jruby-only", "development,test", 'if RUBY_ENGINE == "jruby"'),
    ]
    other = result.extra["other_groups"]
    assert isinstance(other, dict)
    assert {name: [dep.name for dep in deps] for name, deps in other.items()} == {
        "jobs": ["sidekiq"],
        "docs": ["yard"],
        "production": ["puma"],
    }
    assert other["docs"][0].optional is True
    assert other["docs"][0].marker == "platforms :ruby"
    assert result.extra["optional_groups"] == ["docs"]
    assert result.extra["gemspec_directives"] == ['gemspec path: "core"']
    assert result.extra["includes"] == ["Gemfile.local"]
    assert "lock" not in result.extra


def test_manifests_gemfile_lock_versions_when_given() -> None:
    lock = textwrap.dedent(
        """\
        GEM
          remote: https://rubygems.org/
          specs:
            rails (7.1.3)
              actionpack (= 7.1.3)
            nokogiri (1.16.0-x86_64-linux)

        PLATFORMS
          x86_64-linux

        DEPENDENCIES
          rails (~> 7.1)
          local!

        BUNDLED WITH
           2.5.4
        """
    )
    result = parse_gemfile('gem "rails"\n', "Gemfile", lock)

    assert result.extra["lock"] == {
        "locked_versions": {"rails": "7.1.3", "nokogiri": "1.16.0-x86_64-linux"},
        "dependencies": ["rails", "local"],
        "platforms": ["x86_64-linux"],
        "bundled_with": "2.5.4",
    }


def test_manifests_gemfile_lock_garbage_is_reported_inside_extra() -> None:
    assert parse_gemfile_lock("\x00\x01") == {"error": "binary content (NUL byte) in Gemfile.lock"}
    assert parse_gemfile_lock("not a lockfile at all")["locked_versions"] == {}


def test_manifests_gemfile_unbalanced_blocks_and_odd_lines_do_not_raise() -> None:
    text = 'end\nend\ngroup :test do\ngem\ngem name_from_variable\ngem "x", "1",\n'
    result = parse_gemfile(text, "Gemfile")

    assert result.error is None
    assert [dep.name for dep in result.dev_dependencies] == ["x"]


def test_manifests_gemfile_binary_is_an_error_and_unicode_is_fine() -> None:
    binary = parse_gemfile("gem 'a'\x00\xfe", "Gemfile")
    unicode = parse_gemfile("\ufeff# ünïcode ✓\ngem 'ok', '~> 1' # “quoted”\n", "Gemfile")

    assert binary.error == "binary content (NUL byte) in a text manifest"
    assert binary.dependencies == ()
    assert [(dep.name, dep.version) for dep in unicode.dependencies] == [("ok", "~> 1")]


def test_manifests_gemfile_many_continued_lines_stay_fast() -> None:
    text = 'gem "big",\n' + '  "a",\n' * 100_000 + "  require: false\n"
    result = parse_gemfile(text, "Gemfile")

    assert result.dependencies[0].version.count("a") == 100_000
