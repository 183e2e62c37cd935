package io.mlflowlite.chat;

import io.mlflowlite.error.InvalidRequestException;
import java.util.Locale;

/** Who wrote a message. {@code DEVELOPER} is OpenAI's newer name for system instructions. */
public enum Role {
    SYSTEM,
    DEVELOPER,
    USER,
    ASSISTANT,
    TOOL;

    /** The lower-case wire name ({@code "assistant"}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; throws {@link InvalidRequestException} naming the valid roles otherwise. */
    public static Role fromWire(String name) {
        if (name != null) {
            for (Role role : values()) {
                if (role.wireName().equals(name)) {
                    return role;
                }
            }
        }
        throw new InvalidRequestException(
                "Invalid role '" + name + "': use one of system, developer, user, assistant, tool", "role");
    }
}
