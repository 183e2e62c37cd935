package io.mlflowlite.prompt;

import io.mlflowlite.error.InvalidRequestException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference to one prompt version: {@code prompts:/name/3} (a version), {@code prompts:/name@production} (an
 * alias) or {@code prompts:/name@latest} (the newest version, an implicit alias). Exactly one of
 * {@link #version()} and {@link #alias()} is present. Immutable.
 *
 * @param name    the prompt's name
 * @param version the version number (at least 1), or null when an alias is given
 * @param alias   the alias, or null when a version is given
 */
public record PromptUri(String name, Integer version, String alias) {
    /** The scheme prefix of every prompt URI. */
    public static final String PREFIX = "prompts:/";
    /** The implicit alias of the newest version; it cannot be set or deleted. */
    public static final String LATEST = "latest";

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern URI = Pattern.compile("prompts:/([^/@]+)(?:/([^/@]*)|@([^/@]*))");

    public PromptUri {
        if ((version == null) == (alias == null)) {
            throw new IllegalArgumentException("A prompt URI has a version or an alias, not both or neither");
        }
    }

    /** The URI of {@code name}'s version {@code version}. */
    public static PromptUri of(String name, int version) {
        return new PromptUri(name, version, null);
    }

    /** The URI of {@code name}'s alias {@code alias}. */
    public static PromptUri ofAlias(String name, String alias) {
        return new PromptUri(name, null, alias);
    }

    /**
     * Parses {@code prompts:/name/3}, {@code prompts:/name@alias} or {@code prompts:/name@latest}.
     *
     * @throws InvalidRequestException saying what is wrong and showing the three accepted forms
     */
    public static PromptUri parse(String text) {
        String forms = "; use prompts:/<name>/<version>, prompts:/<name>@<alias> or prompts:/<name>@latest";
        if (text == null || !text.startsWith(PREFIX)) {
            throw new InvalidRequestException(
                    "'" + text + "' is not a prompt URI: it must start with " + PREFIX + forms, "prompt");
        }
        Matcher m = URI.matcher(text);
        if (!m.matches()) {
            throw new InvalidRequestException(
                    "'" + text + "' is not a prompt URI: after " + PREFIX + " give a name then /<version> or @<alias>"
                            + forms,
                    "prompt");
        }
        String name = m.group(1);
        if (!NAME.matcher(name).matches()) {
            throw new InvalidRequestException(
                    "'" + text + "' has an invalid prompt name '" + name + "' (letters, digits, _, - and .)", "prompt");
        }
        if (m.group(2) != null) {
            String v = m.group(2);
            if (!v.matches("[0-9]{1,9}") || Integer.parseInt(v) < 1) {
                throw new InvalidRequestException(
                        "'" + text + "' has an invalid version '" + v + "': versions are whole numbers from 1" + forms,
                        "prompt");
            }
            return of(name, Integer.parseInt(v));
        }
        String alias = m.group(3);
        if (!NAME.matcher(alias).matches()) {
            throw new InvalidRequestException(
                    "'" + text + "' has an invalid alias '" + alias + "' (letters, digits, _, - and .)" + forms,
                    "prompt");
        }
        return ofAlias(name, alias);
    }

    /** The version number, when the URI names one. */
    public OptionalInt versionIfPresent() {
        return version == null ? OptionalInt.empty() : OptionalInt.of(version);
    }

    /** The alias, when the URI names one. */
    public Optional<String> aliasIfPresent() {
        return Optional.ofNullable(alias);
    }

    @Override
    public String toString() {
        return PREFIX + name + (version != null ? "/" + version : "@" + alias);
    }
}
