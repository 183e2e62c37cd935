package io.mlflowlite.agent;

import io.mlflowlite.error.InvalidRequestException;
import io.mlflowlite.prompt.PromptDraft;
import io.mlflowlite.prompt.PromptMessage;
import io.mlflowlite.prompt.PromptNotFoundException;
import io.mlflowlite.prompt.PromptRegistry;
import io.mlflowlite.prompt.PromptTemplate;
import io.mlflowlite.prompt.PromptUri;
import io.mlflowlite.prompt.PromptVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An agent's prompts in the {@link PromptRegistry}: versions of one chat prompt named {@code agent.<name>}, each a
 * system message, few-shot examples as user/assistant pairs and a user message template holding {@code {{query}}}.
 * Every {@link Agent#run} loads the version to use when it starts: the builder's alias when one is set, else the
 * newest ({@code @latest}); so {@link #addVersion} (or moving the alias) changes the next run, and each result
 * names the version it used.
 *
 * <p>Thread-safe; every method blocks on the registry's store.
 */
public final class AgentPrompts {
    /** The one variable an agent prompt may use: the user's query. */
    public static final String QUERY = "query";
    /** The user message template of the first version: the query as it is. */
    public static final String DEFAULT_USER_TEMPLATE = "{{query}}";
    /** The metadata key whose value becomes a new version's commit message. */
    public static final String COMMIT_MESSAGE = "commit_message";

    private final PromptRegistry registry;
    private final String name;
    private final String alias;
    private final String agentName;

    AgentPrompts(PromptRegistry registry, String name, String alias, String agentName) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.name = name;
        this.alias = alias;
        this.agentName = agentName;
    }

    /** The prompt's name in the registry. */
    public String name() {
        return name;
    }

    /** The registry the prompt lives in. */
    public PromptRegistry registry() {
        return registry;
    }

    /** The alias runs load, when the builder set one; else they load the newest version. */
    public Optional<String> alias() {
        return Optional.ofNullable(alias);
    }

    /** What runs load: {@code prompts:/agent.<name>@<alias>} or {@code @latest}. */
    public PromptUri uri() {
        return PromptUri.ofAlias(name, alias == null ? PromptUri.LATEST : alias);
    }

    /**
     * Registers a new version of the agent's prompt; the next run uses it (unless runs follow an alias, which then
     * has to be moved to it). Every metadata entry becomes a tag of the version; {@value #COMMIT_MESSAGE} (or
     * {@code description}) is also its commit message.
     *
     * @param systemPrompt the system message; blank for none
     * @param userTemplate the user message, with {@code {{query}}} where the query goes; null for the query alone
     * @param examples     few-shot examples, sent in order before the query; may be empty
     * @param metadata     tags of the version; may be empty
     * @throws InvalidRequestException when a template uses a variable other than {@code {{query}}}, the user
     *                                 template does not use it, or a template's syntax is invalid
     */
    public PromptVersion addVersion(
            String systemPrompt, String userTemplate, List<Example> examples, Map<String, String> metadata) {
        Map<String, String> tags = new LinkedHashMap<>(metadata == null ? Map.of() : metadata);
        String message = tags.getOrDefault(
                COMMIT_MESSAGE, tags.getOrDefault("description", "New version of agent " + agentName + "'s prompt"));
        tags.putIfAbsent("agent", agentName);
        return registry.register(PromptDraft.builder(name, template(systemPrompt, userTemplate, examples))
                .commitMessage(message)
                .tags(tags)
                .build());
    }

    /** Registers a new version with a system prompt only: the query as the user message, no examples. */
    public PromptVersion addVersion(String systemPrompt, String commitMessage) {
        return addVersion(systemPrompt, null, List.of(), Map.of(COMMIT_MESSAGE, commitMessage));
    }

    /**
     * The version the next run uses.
     *
     * @throws PromptNotFoundException when the builder's alias does not exist (listing the ones that do)
     */
    public PromptVersion current() {
        return registry.load(uri());
    }

    /** Every version of the agent's prompt, oldest first. */
    public List<PromptVersion> versions() {
        return registry.versions(name);
    }

    /** Registers version 1 from the builder's system prompt when the registry has no version of the prompt yet. */
    void registerInitial(String systemPrompt) {
        try {
            registry.versions(name);
        } catch (PromptNotFoundException e) {
            registry.register(PromptDraft.builder(name, template(systemPrompt, null, List.of()))
                    .commitMessage("Initial prompt of agent " + agentName + ", from its builder")
                    .tag("agent", agentName)
                    .build());
        }
    }

    /** The chat template of one version, checked to use {@code {{query}}} and nothing else. */
    static PromptTemplate template(String systemPrompt, String userTemplate, List<Example> examples) {
        String user = userTemplate == null ? DEFAULT_USER_TEMPLATE : userTemplate;
        List<PromptMessage> messages = new ArrayList<>();
        if (systemPrompt != null && !systemPrompt.isBlank()) {
            messages.add(PromptMessage.system(systemPrompt));
        }
        for (Example example : examples == null ? List.<Example>of() : examples) {
            messages.add(PromptMessage.user(example.input()));
            messages.add(PromptMessage.assistant(example.output()));
        }
        messages.add(PromptMessage.user(user));
        PromptTemplate template = PromptTemplate.chat(messages);
        if (!PromptTemplate.chat(PromptMessage.user(user)).variables().contains(QUERY)) {
            throw new InvalidRequestException(
                    "The user template must contain {{query}}, where the user's query goes; " + "got: " + user,
                    "userTemplate");
        }
        if (!template.variables().equals(Set.of(QUERY))) {
            List<String> others =
                    template.variables().stream().filter(v -> !v.equals(QUERY)).toList();
            throw new InvalidRequestException(
                    "An agent prompt can only use {{query}}; it also uses "
                            + String.join(
                                    ", ",
                                    others.stream().map(v -> "{{" + v + "}}").toList())
                            + " (write literal braces some other way)",
                    "template");
        }
        return template;
    }
}
