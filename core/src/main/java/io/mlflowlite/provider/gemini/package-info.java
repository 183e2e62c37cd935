/**
 * The {@code gemini} wire format: {@link io.mlflowlite.provider.gemini.GeminiProvider} speaks Google's Gemini
 * API (v1beta) and answers in OpenAI's shapes.
 *
 * <h2>Requests</h2>
 * <ul>
 *   <li>{@code system} and {@code developer} messages become {@code systemInstruction.parts}, wherever they
 *       appear; {@code user} becomes role {@code user}, {@code assistant} role {@code model}. Consecutive turns
 *       of the same role are merged into one content, as Gemini wants them to alternate.</li>
 *   <li>Images: {@code data:} URLs become {@code inlineData}; {@code http(s)} URLs become {@code fileData}
 *       with a MIME type guessed from the extension ({@code image/*} when unknown).</li>
 *   <li>Assistant tool calls become {@code functionCall} parts; tool results become {@code functionResponse}
 *       parts of a {@code user} turn, named after the call they answer (found by id earlier in the
 *       conversation; an unknown id is an {@link io.mlflowlite.error.InvalidRequestException}) with
 *       {@code response: {"result": <the output as JSON if it is JSON, else as text>}}.</li>
 *   <li>Tools become one {@code functionDeclarations} list. Their schema goes in
 *       {@code parametersJsonSchema}, which takes JSON Schema as is, rather than in {@code parameters},
 *       which only takes an OpenAPI subset and would need lossy rewriting ({@code anyOf}, {@code $ref},
 *       {@code additionalProperties}); only {@code $schema} is dropped. Likewise {@code json_schema} response
 *       formats go in {@code generationConfig.responseJsonSchema} with {@code responseMimeType
 *       application/json}; {@code json_object} sets only the MIME type.</li>
 *   <li>{@code tool_choice}: auto → {@code AUTO}, none → {@code NONE}, required → {@code ANY}, a named
 *       function → {@code ANY} with {@code allowedFunctionNames}.</li>
 *   <li>{@code generationConfig}: temperature, topP, maxOutputTokens, stopSequences, seed, candidateCount
 *       ({@code n}), presencePenalty, frequencyPenalty. Not mapped: {@code parallel_tool_calls} (Gemini has
 *       no switch), {@code user}, {@code reasoning_effort} (Gemini 2.5 wants a token budget, Gemini 3 a
 *       level; set {@code generationConfig.thinkingConfig} through {@code extraBody}).</li>
 * </ul>
 *
 * <h2>Responses</h2>
 * <ul>
 *   <li>Each candidate is a choice: its text parts joined, its {@code functionCall} parts as tool calls (Vertex
 *       AI's streamed arguments merged, {@link io.mlflowlite.provider.gemini.FunctionCallMerger}); parts marked
 *       {@code thought} become reasoning, {@code executableCode}/{@code codeExecutionResult} parts and the
 *       candidate's {@code finishMessage}, {@code safetyRatings} and {@code citationMetadata} extension fields
 *       (docs/providers.md).</li>
 *   <li>Tool call ids: Gemini's own {@code functionCall.id} when it sends one, else {@code call_<n>_<name>}
 *       ({@code n} counting the candidate's calls from 0), the same whether streamed or not. A
 *       {@code thoughtSignature} on the call's part is appended after {@code ~} and sent back on the
 *       {@code functionCall} part when the conversation continues, because Gemini 3 rejects function calls
 *       without their signature.</li>
 *   <li>Finish reasons as {@link io.mlflowlite.provider.gemini.GeminiFinish} maps them; an empty candidate
 *       with an error finish ({@code OTHER}, {@code MALFORMED_FUNCTION_CALL} …) is a
 *       {@link io.mlflowlite.error.ProviderException}.</li>
 *   <li>A blocked prompt ({@code promptFeedback.blockReason}, no candidates) is a response, not an
 *       exception: one empty choice with finish reason {@code content_filter}, the usage Gemini billed, and
 *       the block reason in {@code raw()}. Sending it again would be blocked again, so it is not a retryable
 *       failure, and OpenAI reports filtered output the same way.</li>
 *   <li>Usage: prompt = {@code promptTokenCount} (which already includes the cached part) +
 *       {@code toolUsePromptTokenCount}; completion = {@code candidatesTokenCount + thoughtsTokenCount};
 *       reasoning = {@code thoughtsTokenCount}; cached = {@code cachedContentTokenCount}.</li>
 *   <li>id = {@code responseId} (else a generated {@code chatcmpl-…}); model = {@code modelVersion} (else the
 *       deployment's model); raw = the body.</li>
 * </ul>
 *
 * <h2>Streams and errors</h2>
 * Each SSE event is a whole {@code GenerateContentResponse}; the finish reason and the total usage go out once,
 * on the last chunk (Vertex AI repeats {@code finishReason} on every chunk). Gemini sends no {@code [DONE]}: a body that ends before any {@code finishReason}
 * is a truncated stream ({@link io.mlflowlite.error.MalformedResponseException}); an {@code {"error": …}} body, as an
 * event or as bare JSON lines (Vertex AI), is thrown as the provider error it describes. Non-2xx answers ({@code {"error":{"code","message",
 * "status"}}}) become {@link io.mlflowlite.error.ProviderException}s typed by {@code status}; a 429 is a
 * {@link io.mlflowlite.error.RateLimitedException} waiting for {@code Retry-After} or, failing that, the
 * {@code google.rpc.RetryInfo} {@code retryDelay} in {@code error.details}.
 */
package io.mlflowlite.provider.gemini;
