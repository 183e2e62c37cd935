package io.mlflowlite.provider.mock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowlite.json.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Writes the simulated world's labelled datasets (core's {@code io/mlflowlite/provider/mock/datasets/*.jsonl}) from
 * a fixed seed, so they can be regenerated and reviewed as code. {@code TaskDatasetsTest} checks that the committed
 * files are exactly what this writes. Run {@code main} with the datasets folder to rewrite them.
 *
 * <p>Question texts avoid the phrases the simulated models read as prompt features (see docs/simulated-world.md),
 * so a dataset row never carries a feature by itself.
 */
final class TaskDatasetGenerator {
    static final long SEED = 20261207L;
    static final List<String> FAMILIES =
            List.of("factual", "arithmetic", "word_problems", "extraction", "summarization", "classification");

    private TaskDatasetGenerator() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "core/src/main/resources/io/mlflowlite/provider/mock/datasets");
        Files.createDirectories(dir);
        for (Map.Entry<String, String> file : generate().entrySet()) {
            Files.writeString(dir.resolve(file.getKey() + ".jsonl"), file.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** Each family's JSON Lines text, by family name. */
    static Map<String, String> generate() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("factual", lines(factual()));
        files.put("arithmetic", lines(arithmetic(new Random(SEED + 1))));
        files.put("word_problems", lines(wordProblems(new Random(SEED + 2))));
        files.put("extraction", lines(extraction(new Random(SEED + 3))));
        files.put("summarization", lines(summarization(new Random(SEED + 4))));
        files.put("classification", lines(classification(new Random(SEED + 5))));
        return files;
    }

    private static String lines(List<ObjectNode> rows) {
        StringBuilder out = new StringBuilder();
        for (ObjectNode row : rows) {
            out.append(row).append('\n');
        }
        return out.toString();
    }

    private static ObjectNode row(String question) {
        ObjectNode row = Json.object();
        row.putObject("inputs").put("question", question);
        row.putObject("expectations");
        return row;
    }

    // --- factual recall: hand-written; no question is also in the general knowledge set (KnowledgeSet) ---------

    private static final String[][] FACTS = {
        {"Who wrote the novel Middlemarch?", "George Eliot", "author"},
        {"Who wrote the novel Moby-Dick?", "Herman Melville", "author"},
        {"Who wrote the novel Frankenstein?", "Mary Shelley", "author"},
        {"Who wrote the novel Dracula?", "Bram Stoker", "author"},
        {"Who wrote the novel The Trial?", "Franz Kafka", "author"},
        {"Who wrote the novel Don Quixote?", "Miguel de Cervantes", "author"},
        {"Who wrote the novel War and Peace?", "Leo Tolstoy", "author"},
        {"Who wrote the novel Madame Bovary?", "Gustave Flaubert", "author"},
        {"Who wrote the novel Ulysses?", "James Joyce", "author"},
        {"Who wrote the novel Beloved?", "Toni Morrison", "author"},
        {"Who wrote the novel The Great Gatsby?", "F. Scott Fitzgerald", "author"},
        {"Who wrote the novel One Hundred Years of Solitude?", "Gabriel Garcia Marquez", "author"},
        {"Which element has the chemical symbol Sn?", "Tin", "element_by_symbol"},
        {"Which element has the chemical symbol Pb?", "Lead", "element_by_symbol"},
        {"Which element has the chemical symbol Hg?", "Mercury", "element_by_symbol"},
        {"Which element has the chemical symbol Ag?", "Silver", "element_by_symbol"},
        {"Which element has the chemical symbol Fe?", "Iron", "element_by_symbol"},
        {"Which element has the chemical symbol Na?", "Sodium", "element_by_symbol"},
        {"Which element has the chemical symbol Au?", "Gold", "element_by_symbol"},
        {"Which element has the chemical symbol Sb?", "Antimony", "element_by_symbol"},
        {"Which planet has the moon Titan?", "Saturn", "planet_of_moon"},
        {"Which planet has the moon Europa?", "Jupiter", "planet_of_moon"},
        {"Which planet has the moon Triton?", "Neptune", "planet_of_moon"},
        {"Which planet has the moon Phobos?", "Mars", "planet_of_moon"},
        {"Which planet has the moon Miranda?", "Uranus", "planet_of_moon"},
        {"What is the capital of Bhutan?", "Thimphu", "capital_city"},
        {"What is the capital of Laos?", "Vientiane", "capital_city"},
        {"What is the capital of Uruguay?", "Montevideo", "capital_city"},
        {"What is the capital of Ghana?", "Accra", "capital_city"},
        {"What is the capital of Latvia?", "Riga", "capital_city"},
        {"What is the capital of Slovenia?", "Ljubljana", "capital_city"},
        {"What is the capital of Jordan?", "Amman", "capital_city"},
        {"What is the capital of Nepal?", "Kathmandu", "capital_city"},
        {"What is the capital of Mongolia?", "Ulaanbaatar", "capital_city"},
        {"What is the capital of Algeria?", "Algiers", "capital_city"},
        {"What is the capital of Paraguay?", "Asuncion", "capital_city"},
        {"What is the capital of Zambia?", "Lusaka", "capital_city"},
        {"Who painted The Night Watch?", "Rembrandt", "painter"},
        {"Who painted The Persistence of Memory?", "Salvador Dali", "painter"},
        {"Who painted The Kiss?", "Gustav Klimt", "painter"},
        {"Who painted The Birth of Venus?", "Sandro Botticelli", "painter"},
        {"Who painted The Garden of Earthly Delights?", "Hieronymus Bosch", "painter"},
        {"Who painted The Scream?", "Edvard Munch", "painter"},
        {"Who painted Girl with a Pearl Earring?", "Johannes Vermeer", "painter"},
        {"Who composed The Four Seasons?", "Antonio Vivaldi", "composer"},
        {"Who composed The Planets?", "Gustav Holst", "composer"},
        {"Who composed The Rite of Spring?", "Igor Stravinsky", "composer"},
        {"Who composed the opera Carmen?", "Georges Bizet", "composer"},
        {"Who composed the opera Aida?", "Giuseppe Verdi", "composer"},
        {"Who composed The Nutcracker?", "Pyotr Ilyich Tchaikovsky", "composer"},
    };

    private static List<ObjectNode> factual() {
        List<ObjectNode> rows = new ArrayList<>();
        for (String[] fact : FACTS) {
            ObjectNode row = row(fact[0]);
            ((ObjectNode) row.get("expectations"))
                    .put("expected_response", fact[1])
                    .put("category", fact[2]);
            rows.add(row);
        }
        return rows;
    }

    // --- arithmetic: one operation -------------------------------------------------------------------------------

    private static List<ObjectNode> arithmetic(Random r) {
        List<ObjectNode> rows = new ArrayList<>();
        while (rows.size() < 50) {
            int kind = rows.size() % 5;
            String question;
            long answer;
            switch (kind) {
                case 0 -> {
                    int a = 100 + r.nextInt(900), b = 100 + r.nextInt(900);
                    question = "What is " + a + " + " + b + "?";
                    answer = a + b;
                }
                case 1 -> {
                    int a = 500 + r.nextInt(500), b = 100 + r.nextInt(400);
                    question = "What is " + a + " - " + b + "?";
                    answer = a - b;
                }
                case 2 -> {
                    int a = 12 + r.nextInt(88), b = 12 + r.nextInt(88);
                    question = "What is " + a + " × " + b + "?";
                    answer = (long) a * b;
                }
                case 3 -> {
                    int b = 3 + r.nextInt(22), q = 11 + r.nextInt(89);
                    question = "What is " + (b * q) + " ÷ " + b + "?";
                    answer = q;
                }
                default -> {
                    int p = 5 * (1 + r.nextInt(18)), base = 20 * (2 + r.nextInt(48));
                    question = "What is " + p + "% of " + base + "?";
                    answer = (long) p * base / 100;
                    if ((long) p * base % 100 != 0) {
                        continue;
                    }
                }
            }
            addUnique(rows, question, row -> row.put("expected_response", Long.toString(answer)));
        }
        return rows;
    }

    // --- word problems: two or three steps ---------------------------------------------------------------------

    private static final String[] NAMES = {
        "Ana", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kemal", "Lena", "Malik",
        "Nora", "Omar", "Priya"
    };

    private static List<ObjectNode> wordProblems(Random r) {
        List<ObjectNode> rows = new ArrayList<>();
        while (rows.size() < 50) {
            String a = NAMES[r.nextInt(NAMES.length)];
            String b = NAMES[r.nextInt(NAMES.length)];
            if (a.equals(b)) {
                continue;
            }
            String question;
            long answer;
            switch (rows.size() % 6) {
                case 0 -> {
                    int price = 15 + r.nextInt(60), x = 2 + r.nextInt(9), y = 2 + r.nextInt(9);
                    question = "A shop sells pencils at " + price + " cents each. " + a + " buys " + x + " pencils and "
                            + b + " buys " + y + " pencils. How many cents do they spend in total?";
                    answer = (long) price * (x + y);
                }
                case 1 -> {
                    int s1 = 40 + r.nextInt(80), h1 = 2 + r.nextInt(4), s2 = 30 + r.nextInt(60), h2 = 1 + r.nextInt(4);
                    question = "A train travels at " + s1 + " km per hour for " + h1 + " hours, then at " + s2
                            + " km per hour for " + h2 + " hours. How many kilometres does it travel in all?";
                    answer = (long) s1 * h1 + (long) s2 * h2;
                }
                case 2 -> {
                    int crates = 4 + r.nextInt(16), eggs = 12 + r.nextInt(24), broken = 3 + r.nextInt(20);
                    question = "A farmer has " + crates + " crates with " + eggs + " eggs in each crate. " + broken
                            + " eggs are broken. How many unbroken eggs are left?";
                    answer = (long) crates * eggs - broken;
                }
                case 3 -> {
                    int team = 3 + r.nextInt(5), teams = 4 + r.nextInt(9), girls = 1 + r.nextInt(team * teams - 1);
                    question = "A class has " + girls + " girls and " + (team * teams - girls) + " boys. They split "
                            + "into teams of " + team + ". How many teams are there?";
                    answer = teams;
                }
                case 4 -> {
                    int earn = 200 + r.nextInt(400), spend = 50 + r.nextInt(150), weeks = 3 + r.nextInt(10);
                    question = a + " earns " + earn + " dollars a week and spends " + spend
                            + " dollars a week. How many " + "dollars has " + a + " saved after " + weeks + " weeks?";
                    answer = (long) (earn - spend) * weeks;
                }
                default -> {
                    int trays = 3 + r.nextInt(10),
                            muffins = 6 + r.nextInt(19),
                            left = 2 + r.nextInt(15),
                            price = 2 + r.nextInt(4);
                    question = "A bakery bakes " + trays + " trays of " + muffins + " muffins and sells all but " + left
                            + " of them at " + price + " dollars each. How many dollars does it take in?";
                    answer = (long) (trays * muffins - left) * price;
                }
            }
            addUnique(rows, question, row -> row.put("expected_response", Long.toString(answer)));
        }
        return rows;
    }

    // --- extraction into a JSON schema: 25 short (3 fields) and 25 long (7 fields) -----------------------------

    private static final String[] SURNAMES = {
        "Okafor",
        "Lindqvist",
        "Moreau",
        "Tanaka",
        "Silva",
        "Novak",
        "Haddad",
        "Kowalski",
        "Fischer",
        "Rossi",
        "Petrov",
        "Nguyen",
        "Brennan",
        "Costa",
        "Iversen",
        "Mendes"
    };
    private static final String[] CITIES = {
        "Lisbon",
        "Oslo",
        "Lyon",
        "Osaka",
        "Porto",
        "Krakow",
        "Valencia",
        "Tallinn",
        "Ghent",
        "Leeds",
        "Turin",
        "Graz",
        "Malmo",
        "Bilbao",
        "Cork",
        "Utrecht"
    };
    private static final String[] PRODUCTS = {
        "desk lamps",
        "office chairs",
        "monitor stands",
        "keyboards",
        "webcams",
        "headsets",
        "standing desks",
        "laptop sleeves",
        "USB hubs",
        "whiteboards"
    };
    private static final String[] MONTHS = {
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December"
    };

    private static List<ObjectNode> extraction(Random r) {
        List<ObjectNode> rows = new ArrayList<>();
        while (rows.size() < 25) {
            String name = NAMES[r.nextInt(NAMES.length)] + " " + SURNAMES[r.nextInt(SURNAMES.length)];
            String city = CITIES[r.nextInt(CITIES.length)];
            String email =
                    name.toLowerCase().replace(' ', '.') + "@" + (r.nextBoolean() ? "example.com" : "example.org");
            String question = "Extract the contact in this note as JSON with the fields name, email and city. Note: "
                    + "Hi, this is " + name + " from " + city + ". Write to me at " + email
                    + " when the samples arrive.";
            ObjectNode expected =
                    Json.object().put("name", name).put("email", email).put("city", city);
            addExtraction(rows, question, expected, schema(List.of("name", "email", "city")));
        }
        while (rows.size() < 50) {
            String orderId = "ORD-" + (10000 + r.nextInt(90000));
            String customer = NAMES[r.nextInt(NAMES.length)] + " " + SURNAMES[r.nextInt(SURNAMES.length)];
            String city = CITIES[r.nextInt(CITIES.length)];
            String date = "2026-" + two(1 + r.nextInt(12)) + "-" + two(1 + r.nextInt(28));
            int quantity = 2 + r.nextInt(48);
            String product = PRODUCTS[r.nextInt(PRODUCTS.length)];
            BigDecimal total = BigDecimal.valueOf(quantity * (1500L + r.nextInt(20000)), 2);
            String question = "Extract the order in this message as JSON with the fields order_id, customer, city, "
                    + "date, quantity, product and total. Message: Order " + orderId + " was placed on " + date + " by "
                    + customer + " of " + city + " for " + quantity + " " + product + ", " + total.toPlainString()
                    + " EUR in total, paid by card.";
            ObjectNode expected = Json.object()
                    .put("order_id", orderId)
                    .put("customer", customer)
                    .put("city", city)
                    .put("date", date)
                    .put("quantity", quantity)
                    .put("product", product)
                    .put("total", total);
            addExtraction(
                    rows,
                    question,
                    expected,
                    schema(List.of("order_id", "customer", "city", "date", "quantity", "product", "total")));
        }
        return rows;
    }

    /** An object schema requiring {@code fields} in order: strings, except quantity (integer) and total (number). */
    private static ObjectNode schema(List<String> fields) {
        ObjectNode schema = Json.object().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = schema.putArray("required");
        for (String field : fields) {
            properties
                    .putObject(field)
                    .put(
                            "type",
                            switch (field) {
                                case "quantity" -> "integer";
                                case "total" -> "number";
                                default -> "string";
                            });
            required.add(field);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    private static void addExtraction(List<ObjectNode> rows, String question, ObjectNode expected, ObjectNode schema) {
        for (ObjectNode existing : rows) {
            if (existing.path("inputs").path("question").asText().equals(question)) {
                return;
            }
        }
        ObjectNode row = row(question);
        ((ObjectNode) row.get("inputs")).set("schema", schema);
        ((ObjectNode) row.get("expectations")).set("expected_json", expected);
        rows.add(row);
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    // --- summarization with required key facts ------------------------------------------------------------------

    private static final String[] COMPANIES = {
        "Norvik Solar",
        "Bellweather Foods",
        "Aster Logistics",
        "Kestrel Labs",
        "Harbor Mills",
        "Quillon Health",
        "Tessaro Motors",
        "Verdant Water"
    };

    private static List<ObjectNode> summarization(Random r) {
        List<ObjectNode> rows = new ArrayList<>();
        while (rows.size() < 40) {
            String city = CITIES[r.nextInt(CITIES.length)];
            String date = (1 + r.nextInt(28)) + " " + MONTHS[r.nextInt(12)];
            String company = COMPANIES[r.nextInt(COMPANIES.length)];
            String passage;
            String summary;
            List<String> facts;
            switch (rows.size() % 4) {
                case 0 -> {
                    String amount = (2 + r.nextInt(40)) + "." + r.nextInt(10) + " million euros";
                    String jobs = (20 + r.nextInt(480)) + " jobs";
                    passage = "On " + date + " the council of " + city + " approved a new tram depot. The depot will "
                            + "cost " + amount + " and should create " + jobs + " once it opens. Construction will be "
                            + "managed by " + company + ", and residents can send comments to the council for a month.";
                    summary = city + " approved a " + amount + " tram depot on " + date + ", built by " + company
                            + ", creating " + jobs + ".";
                    facts = List.of(city, date, amount, jobs, company);
                }
                case 1 -> {
                    String revenue = (10 + r.nextInt(300)) + " million euros";
                    String growth = (2 + r.nextInt(30)) + "%";
                    String stores = (3 + r.nextInt(40)) + " new stores";
                    passage = company + " reported revenue of " + revenue + " for the year, up " + growth + " on the "
                            + "year before. The company, based in " + city + ", plans to open " + stores + " next year "
                            + "and will publish its full report on " + date + ".";
                    summary = company + " (" + city + ") grew revenue " + growth + " to " + revenue + " and plans "
                            + stores + "; full report on " + date + ".";
                    facts = List.of(company, revenue, growth, stores, date);
                }
                case 2 -> {
                    String runners = (800 + r.nextInt(9000)) + " runners";
                    String raised = (5 + r.nextInt(90)) + " thousand euros";
                    passage = "The " + city + " half marathon took place on " + date + " with " + runners + " at the "
                            + "start. Sponsored by " + company + ", the race raised " + raised + " for the local "
                            + "hospital, and the organisers thanked the volunteers who staffed the water stations.";
                    summary = "The " + city + " half marathon on " + date + " drew " + runners + " and raised " + raised
                            + " with sponsor " + company + ".";
                    facts = List.of(city, date, runners, raised, company);
                }
                default -> {
                    String patients = (60 + r.nextInt(900)) + " patients";
                    String drop = (5 + r.nextInt(40)) + "%";
                    String weeks = (4 + r.nextInt(20)) + " weeks";
                    passage = "A study run in " + city + " followed " + patients + " for " + weeks + ". Those who took "
                            + "the new inhaler from " + company + " had " + drop + " fewer asthma attacks than the "
                            + "control group. The results were presented on " + date + ".";
                    summary = "A study of " + patients + " over " + weeks + " in " + city + " found " + company
                            + "'s inhaler cut asthma attacks by " + drop + " (presented " + date + ").";
                    facts = List.of(city, patients, weeks, drop, company);
                }
            }
            String question = "Summarise this report in one sentence. Report: " + passage;
            addUnique(rows, question, e -> {
                e.put("expected_response", summary);
                ArrayNode list = e.putArray("expected_facts");
                facts.forEach(list::add);
            });
        }
        return rows;
    }

    // --- classification of support tickets ------------------------------------------------------------------------

    private static final List<String> LABELS = List.of("billing", "technical", "account", "shipping");
    private static final Map<String, String[]> TICKETS = Map.of(
            "billing",
                    new String[] {
                        "I was charged twice for order %d this month, please refund one of the payments.",
                        "My invoice %d shows a price higher than the one on your website.",
                        "The annual plan renewed at %d euros although I switched to monthly.",
                        "Your receipt for payment %d lists the wrong VAT number for my company.",
                        "I see a card fee of %d cents that nobody told me about."
                    },
            "technical",
                    new String[] {
                        "The app crashes every time I open the settings page on version %d.",
                        "Error code %d appears when I try to upload a photo.",
                        "Since the update the dashboard takes %d seconds to load.",
                        "Sync stopped working after %d files, the rest stay grey.",
                        "The export button gives a blank page for reports longer than %d rows."
                    },
            "account",
                    new String[] {
                        "I cannot log in after resetting my password %d times.",
                        "Please change the email address on my profile, user id %d.",
                        "How do I add a second admin to team %d?",
                        "My account %d was locked after a trip abroad.",
                        "Please delete my profile and all data for user %d."
                    },
            "shipping",
                    new String[] {
                        "Parcel %d has been in transit for nine days.",
                        "The courier left package %d at the wrong address.",
                        "My order arrived with %d items missing from the box.",
                        "Can you send order %d to my office instead of my home?",
                        "Tracking number %d is not recognised by the courier website."
                    });

    private static List<ObjectNode> classification(Random r) {
        List<ObjectNode> rows = new ArrayList<>();
        while (rows.size() < 60) {
            String label = LABELS.get(rows.size() % LABELS.size());
            String[] templates = TICKETS.get(label);
            String ticket = String.format(templates[r.nextInt(templates.length)], 2 + r.nextInt(99_000));
            String question =
                    "Classify this support ticket as billing, technical, account or shipping. Ticket: " + ticket;
            int before = rows.size();
            addUnique(rows, question, e -> e.put("expected_response", label));
            if (rows.size() > before) {
                ArrayNode labels = ((ObjectNode) rows.get(rows.size() - 1).get("inputs")).putArray("labels");
                LABELS.forEach(labels::add);
            }
        }
        return rows;
    }

    private static void addUnique(List<ObjectNode> rows, String question, Consumer<ObjectNode> expectations) {
        for (ObjectNode existing : rows) {
            if (existing.path("inputs").path("question").asText().equals(question)) {
                return;
            }
        }
        ObjectNode row = row(question);
        expectations.accept((ObjectNode) row.get("expectations"));
        rows.add(row);
    }
}
