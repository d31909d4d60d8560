package io.github.idempotency.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.idempotency.core.BeginResult;
import io.github.idempotency.core.BeginResult.Outcome;
import io.github.idempotency.core.IdempotencyRecord;
import io.github.idempotency.core.IdempotencyStore;
import io.github.idempotency.core.InvalidKeyException;
import io.github.idempotency.core.InvalidScopeException;
import io.github.idempotency.core.LeaseLostException;
import io.github.idempotency.core.LeaseLostException.Reason;
import io.github.idempotency.core.RecordState;
import io.github.idempotency.core.TooLargeException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link IdempotencyStore} must show. A store's test extends this class and
 * supplies the store and a way to let time pass; every test here then runs against it.
 *
 * <p>Keys are random and unique per test, so durable stores may share one server. Leases that must
 * run out last {@link #SHORT_LEASE}, and tests let {@link #PAST_SHORT_LEASE} pass; everything else
 * uses {@link #LONG_LEASE}, so a slow machine cannot expire a lease a test relies on.
 */
public abstract class AbstractIdempotencyStoreContractTest {

    /** The default lease the store under test is created with. */
    protected static final Duration DEFAULT_LEASE = Duration.ofSeconds(20);
    /** The largest result the store under test is created to accept. */
    protected static final int MAX_RESULT_BYTES = 1024;
    /** A lease that tests let run out. */
    protected static final Duration SHORT_LEASE = Duration.ofMillis(400);
    /** Comfortably longer than {@link #SHORT_LEASE}. */
    protected static final Duration PAST_SHORT_LEASE = Duration.ofMillis(600);
    /** A lease no test outlives. */
    protected static final Duration LONG_LEASE = Duration.ofMinutes(1);
    /** A retention no test outlives. */
    protected static final Duration RETENTION = Duration.ofHours(1);

    private static final HexFormat HEX = HexFormat.of();

    /** The store under test, created before each test. */
    protected IdempotencyStore store;

    /**
     * Creates the store under test. Called before each test; keys are unique per test, so stores may
     * be shared or reused. A store that needs a server calls {@link LoopbackServers#require} here.
     *
     * @param defaultLease the lease the store must use when a call passes zero or a negative lease
     * @param maxResultBytes the largest result the store must accept
     * @return the store
     */
    protected abstract IdempotencyStore createStore(Duration defaultLease, int maxResultBytes);

    /**
     * Lets {@code duration} pass for the store: a store on an injected clock moves it; a store that
     * uses its server's clock waits.
     *
     * @param duration how much time must pass
     */
    protected abstract void elapse(Duration duration);

    @BeforeEach
    void createStoreUnderTest() {
        store = createStore(DEFAULT_LEASE, MAX_RESULT_BYTES);
    }

    /**
     * Returns a fresh valid key in canonical form, unique to the caller.
     *
     * @return {@code v1:contract:store-contract:<64 random hex>}
     */
    protected static String newKey() {
        byte[] hash = new byte[32];
        ThreadLocalRandom.current().nextBytes(hash);
        return "v1:contract:store-contract:" + HEX.formatHex(hash);
    }

    /**
     * Acquires a fresh key for {@code lease}, asserting that it was acquired.
     *
     * @param key the key
     * @param lease the lease
     * @return the new lease
     */
    protected BeginResult acquire(String key, Duration lease) {
        BeginResult begin = store.tryBegin(key, lease);
        assertThat(begin.outcome()).isEqualTo(Outcome.ACQUIRED);
        return begin;
    }

    /**
     * Asserts that a call throws {@link LeaseLostException} for one of the given reasons.
     *
     * @param call the owner-fenced call
     * @param reasons the acceptable reasons
     */
    protected static void assertLeaseLost(ThrowingCallable call, Reason... reasons) {
        assertThatExceptionOfType(LeaseLostException.class)
                .isThrownBy(call)
                .satisfies(lost -> assertThat(lost.reason()).isIn((Object[]) reasons));
    }

    /**
     * Returns the lower-case hex SHA-256 of some bytes.
     *
     * @param bytes the bytes
     * @return 64 hex characters
     */
    protected static String sha256Hex(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // tryBegin

    @Test
    void acquiresAnAbsentKeyWithAFreshTokenAndTheGivenLease() {
        String key = newKey();
        BeginResult begin = acquire(key, LONG_LEASE);
        IdempotencyRecord record = begin.record();
        assertThat(record.key()).isEqualTo(key);
        assertThat(record.state()).isEqualTo(RecordState.IN_PROGRESS);
        assertThat(begin.ownerToken()).matches("[0-9a-f]{32}").isEqualTo(record.ownerToken());
        assertThat(record.updatedAt()).isEqualTo(record.createdAt());
        assertThat(record.expiresAt()).isEqualTo(record.createdAt().plus(LONG_LEASE));
        assertThat(record.result()).isNull();
        assertThat(record.errorCode()).isNull();
        assertThat(acquire(newKey(), LONG_LEASE).ownerToken()).isNotEqualTo(begin.ownerToken());
    }

    @Test
    void usesTheDefaultLeaseForAZeroOrNegativeLease() {
        for (Duration lease : List.of(Duration.ZERO, Duration.ofSeconds(-5))) {
            IdempotencyRecord record = acquire(newKey(), lease).record();
            assertThat(record.expiresAt()).isEqualTo(record.createdAt().plus(DEFAULT_LEASE));
        }
    }

    @Test
    void reportsAConflictWithTheRecordInFlight() {
        String key = newKey();
        BeginResult first = acquire(key, LONG_LEASE);
        BeginResult second = store.tryBegin(key, LONG_LEASE);
        assertThat(second.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(second.record()).isEqualTo(first.record());
        assertThatThrownBy(second::ownerToken).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void replaysACompletedRecordWithItsResultAndHash() {
        String key = newKey();
        IdempotencyRecord completed =
                store.complete(key, acquire(key, LONG_LEASE).ownerToken(), bytes("{\"id\":7}"), RETENTION);
        BeginResult replay = store.tryBegin(key, LONG_LEASE);
        assertThat(replay.outcome()).isEqualTo(Outcome.REPLAY);
        assertThat(replay.record()).isEqualTo(completed);
        assertThat(replay.record().result()).isEqualTo(bytes("{\"id\":7}"));
        assertThat(replay.record().resultHash()).isEqualTo(sha256Hex(bytes("{\"id\":7}")));
    }

    @Test
    void replaysAFailedRecordWithItsCodeAndMessage() {
        String key = newKey();
        store.fail(key, acquire(key, LONG_LEASE).ownerToken(), "card_declined", "The card was declined", RETENTION);
        BeginResult replay = store.tryBegin(key, LONG_LEASE);
        assertThat(replay.outcome()).isEqualTo(Outcome.REPLAY);
        assertThat(replay.record().state()).isEqualTo(RecordState.FAILED);
        assertThat(replay.record().errorCode()).isEqualTo("card_declined");
        assertThat(replay.record().errorMessage()).isEqualTo("The card was declined");
    }

    @Test
    void acquiresAnExpiredLeaseAgainWithANewToken() {
        String key = newKey();
        String expired = acquire(key, SHORT_LEASE).ownerToken();
        elapse(PAST_SHORT_LEASE);
        BeginResult again = acquire(key, LONG_LEASE);
        assertThat(again.ownerToken()).isNotEqualTo(expired);
        assertThat(again.record().expiresAt())
                .isEqualTo(again.record().createdAt().plus(LONG_LEASE));
    }

    @Test
    void treatsEverySpellingOfAKeyAsOneRecord() {
        String key = newKey();
        String[] parts = key.split(":");
        String spelled =
                "  " + parts[0] + ":" + parts[1] + ":" + parts[2].toUpperCase(Locale.ROOT) + ":" + parts[3] + " ";
        acquire(spelled, LONG_LEASE);
        BeginResult canonical = store.tryBegin(key, LONG_LEASE);
        assertThat(canonical.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(canonical.record().key()).isEqualTo(key);
        assertThat(store.get(spelled)).contains(canonical.record());
    }

    // touch

    @Test
    void touchExtendsTheLeaseFromNow() {
        String key = newKey();
        BeginResult begin = acquire(key, SHORT_LEASE);
        elapse(Duration.ofMillis(50));
        IdempotencyRecord touched = store.touch(key, begin.ownerToken(), LONG_LEASE);
        assertThat(touched.state()).isEqualTo(RecordState.IN_PROGRESS);
        assertThat(touched.ownerToken()).isEqualTo(begin.ownerToken());
        assertThat(touched.createdAt()).isEqualTo(begin.record().createdAt());
        assertThat(touched.updatedAt()).isAfter(begin.record().updatedAt());
        assertThat(touched.expiresAt()).isEqualTo(touched.updatedAt().plus(LONG_LEASE));
        assertThat(store.get(key)).contains(touched);
        IdempotencyRecord byDefault = store.touch(key, begin.ownerToken(), Duration.ZERO);
        assertThat(byDefault.expiresAt()).isEqualTo(byDefault.updatedAt().plus(DEFAULT_LEASE));
    }

    @Test
    void touchOfAMissingOrExpiredLeaseIsExpired() {
        assertLeaseLost(() -> store.touch(newKey(), "0123456789abcdef0123456789abcdef", LONG_LEASE), Reason.EXPIRED);
        String key = newKey();
        String token = acquire(key, SHORT_LEASE).ownerToken();
        elapse(PAST_SHORT_LEASE);
        assertLeaseLost(() -> store.touch(key, token, LONG_LEASE), Reason.EXPIRED);
        assertLeaseLost(() -> store.complete(key, token, bytes("late"), RETENTION), Reason.EXPIRED);
        assertLeaseLost(() -> store.fail(key, token, "late", "late", RETENTION), Reason.EXPIRED);
        assertThat(store.get(key)).isEmpty();
    }

    @Test
    void touchOfAFinishedRecordIsNotInProgress() {
        String key = newKey();
        String token = acquire(key, LONG_LEASE).ownerToken();
        IdempotencyRecord completed = store.complete(key, token, bytes("done"), RETENTION);
        assertLeaseLost(() -> store.touch(key, token, LONG_LEASE), Reason.NOT_IN_PROGRESS);
        assertLeaseLost(() -> store.complete(key, token, bytes("again"), RETENTION), Reason.NOT_IN_PROGRESS);
        assertLeaseLost(() -> store.fail(key, token, "again", "again", RETENTION), Reason.NOT_IN_PROGRESS);
        assertThat(store.get(key)).contains(completed);
    }

    @Test
    void ownerFencedCallsWithAnotherTokenAreNotOwner() {
        String key = newKey();
        BeginResult begin = acquire(key, LONG_LEASE);
        String other = "ffffffffffffffffffffffffffffffff";
        assertLeaseLost(() -> store.touch(key, other, LONG_LEASE), Reason.NOT_OWNER);
        assertLeaseLost(() -> store.complete(key, other, bytes("stolen"), RETENTION), Reason.NOT_OWNER);
        assertLeaseLost(() -> store.fail(key, other, "stolen", "stolen", RETENTION), Reason.NOT_OWNER);
        assertThat(store.get(key)).contains(begin.record());
    }

    // complete

    @Test
    void completeStoresTheResultAndItsHashAndClearsTheOwner() {
        String key = newKey();
        BeginResult begin = acquire(key, LONG_LEASE);
        IdempotencyRecord completed = store.complete(key, begin.ownerToken(), bytes("result"), RETENTION);
        assertThat(completed.key()).isEqualTo(key);
        assertThat(completed.state()).isEqualTo(RecordState.COMPLETE);
        assertThat(completed.ownerToken()).isNull();
        assertThat(completed.result()).isEqualTo(bytes("result"));
        assertThat(completed.resultHash()).isEqualTo(sha256Hex(bytes("result")));
        assertThat(completed.errorCode()).isNull();
        assertThat(completed.errorMessage()).isNull();
        assertThat(completed.createdAt()).isEqualTo(begin.record().createdAt());
        assertThat(completed.expiresAt()).isEqualTo(completed.updatedAt().plus(RETENTION));
        assertThat(store.get(key)).contains(completed);
    }

    @Test
    void completeAcceptsAnEmptyResultAndOneOfExactlyTheLimit() {
        String empty = newKey();
        IdempotencyRecord none =
                store.complete(empty, acquire(empty, LONG_LEASE).ownerToken(), new byte[0], RETENTION);
        assertThat(none.result()).isEmpty();
        assertThat(none.resultHash()).isEqualTo(sha256Hex(new byte[0]));
        String full = newKey();
        byte[] largest = new byte[MAX_RESULT_BYTES];
        IdempotencyRecord record =
                store.complete(full, acquire(full, LONG_LEASE).ownerToken(), largest, RETENTION);
        assertThat(record.result()).hasSize(MAX_RESULT_BYTES);
    }

    @Test
    void resultOverTheLimitIsTooLargeAndTheLeaseStaysHeld() {
        String key = newKey();
        BeginResult begin = acquire(key, LONG_LEASE);
        assertThatExceptionOfType(TooLargeException.class)
                .isThrownBy(() -> store.complete(key, begin.ownerToken(), new byte[MAX_RESULT_BYTES + 1], RETENTION));
        BeginResult stillHeld = store.tryBegin(key, LONG_LEASE);
        assertThat(stillHeld.outcome()).isEqualTo(Outcome.CONFLICT);
        assertThat(stillHeld.record().ownerToken()).isEqualTo(begin.ownerToken());
        assertThat(store.complete(key, begin.ownerToken(), bytes("fits"), RETENTION)
                        .state())
                .isEqualTo(RecordState.COMPLETE);
    }

    @Test
    void aResultIsReplayedAfterTheLeaseWouldHaveEnded() {
        String key = newKey();
        IdempotencyRecord completed =
                store.complete(key, acquire(key, SHORT_LEASE).ownerToken(), bytes("kept"), RETENTION);
        elapse(PAST_SHORT_LEASE);
        BeginResult replay = store.tryBegin(key, LONG_LEASE);
        assertThat(replay.outcome()).isEqualTo(Outcome.REPLAY);
        assertThat(replay.record()).isEqualTo(completed);
    }

    @Test
    void aResultIsForgottenWhenItsRetentionEnds() {
        String key = newKey();
        store.complete(key, acquire(key, LONG_LEASE).ownerToken(), bytes("brief"), SHORT_LEASE);
        elapse(PAST_SHORT_LEASE);
        assertThat(store.get(key)).isEmpty();
        acquire(key, LONG_LEASE);
    }

    @Test
    void completeWithZeroRetentionFreesTheKeyAtOnce() {
        String key = newKey();
        IdempotencyRecord completed =
                store.complete(key, acquire(key, LONG_LEASE).ownerToken(), bytes("gone"), Duration.ZERO);
        assertThat(completed.state()).isEqualTo(RecordState.COMPLETE);
        assertThat(store.get(key)).isEmpty();
        acquire(key, LONG_LEASE);
    }

    // fail

    @Test
    void failTrimsAndCutsCodeAndMessageAndClearsTheOwner() {
        String key = newKey();
        BeginResult begin = acquire(key, LONG_LEASE);
        IdempotencyRecord failed =
                store.fail(key, begin.ownerToken(), "  " + "c".repeat(100) + " ", "\t" + "m".repeat(600), RETENTION);
        assertThat(failed.state()).isEqualTo(RecordState.FAILED);
        assertThat(failed.errorCode()).isEqualTo("c".repeat(64));
        assertThat(failed.errorMessage()).isEqualTo("m".repeat(512));
        assertThat(failed.ownerToken()).isNull();
        assertThat(failed.result()).isNull();
        assertThat(failed.resultHash()).isNull();
        assertThat(failed.createdAt()).isEqualTo(begin.record().createdAt());
        assertThat(failed.expiresAt()).isEqualTo(failed.updatedAt().plus(RETENTION));
        assertThat(store.get(key)).contains(failed);
    }

    @Test
    void failCutsByCharactersWithoutSplittingOne() {
        String key = newKey();
        String emoji = "\uD83D\uDE00";
        IdempotencyRecord failed =
                store.fail(key, acquire(key, LONG_LEASE).ownerToken(), emoji.repeat(70), emoji.repeat(600), RETENTION);
        assertThat(failed.errorCode()).isEqualTo(emoji.repeat(64));
        assertThat(failed.errorMessage()).isEqualTo(emoji.repeat(512));
        assertThat(store.get(key)).contains(failed);
    }

    @Test
    void failWithZeroRetentionFreesTheKeyForARetry() {
        String key = newKey();
        String token = acquire(key, LONG_LEASE).ownerToken();
        store.fail(key, token, "timeout", "upstream timed out", Duration.ZERO);
        assertThat(store.get(key)).isEmpty();
        assertThat(acquire(key, LONG_LEASE).ownerToken()).isNotEqualTo(token);
    }

    // takeover

    @Test
    void aHolderWhoseLeaseWasTakenOverCanNeitherTouchCompleteNorFail() {
        String key = newKey();
        String first = acquire(key, SHORT_LEASE).ownerToken();
        elapse(PAST_SHORT_LEASE);
        BeginResult second = acquire(key, LONG_LEASE);
        assertLeaseLost(() -> store.touch(key, first, LONG_LEASE), Reason.NOT_OWNER, Reason.EXPIRED);
        assertLeaseLost(() -> store.complete(key, first, bytes("stale"), RETENTION), Reason.NOT_OWNER, Reason.EXPIRED);
        assertLeaseLost(() -> store.fail(key, first, "stale", "stale", RETENTION), Reason.NOT_OWNER, Reason.EXPIRED);
        assertThat(store.get(key)).contains(second.record());
        IdempotencyRecord completed = store.complete(key, second.ownerToken(), bytes("fresh"), RETENTION);
        assertThat(store.tryBegin(key, LONG_LEASE).record()).isEqualTo(completed);
    }

    // get, delete, sweep

    @Test
    void getReturnsTheRecordAndNothingForAnAbsentKey() {
        String key = newKey();
        BeginResult begin = acquire(key, LONG_LEASE);
        assertThat(store.get(key)).contains(begin.record());
        assertThat(store.get(newKey())).isEmpty();
    }

    @Test
    void getHidesAnExpiredRecord() {
        String key = newKey();
        acquire(key, SHORT_LEASE);
        elapse(PAST_SHORT_LEASE);
        assertThat(store.get(key)).isEmpty();
    }

    @Test
    void deleteRemovesARecordInAnyStateAndIgnoresAnAbsentKey() {
        String inFlight = newKey();
        acquire(inFlight, LONG_LEASE);
        String completed = newKey();
        store.complete(completed, acquire(completed, LONG_LEASE).ownerToken(), bytes("x"), RETENTION);
        store.delete(inFlight);
        store.delete(completed);
        assertThat(store.get(inFlight)).isEmpty();
        assertThat(store.get(completed)).isEmpty();
        assertThatNoException().isThrownBy(() -> store.delete(newKey()));
        acquire(completed, LONG_LEASE);
    }

    @Test
    void sweepRemovesExpiredRecordsAndKeepsLiveOnes() {
        String expiringLease = newKey();
        acquire(expiringLease, SHORT_LEASE);
        String expiringResult = newKey();
        store.complete(expiringResult, acquire(expiringResult, LONG_LEASE).ownerToken(), bytes("x"), SHORT_LEASE);
        String live = newKey();
        BeginResult held = acquire(live, LONG_LEASE);
        elapse(PAST_SHORT_LEASE);
        // A store whose server expires records itself removes nothing here and says 0.
        int removed = store.sweep();
        assertThat(removed == 0 || removed >= 2)
                .as("sweep() removed %d records", removed)
                .isTrue();
        assertThat(store.get(expiringLease)).isEmpty();
        assertThat(store.get(expiringResult)).isEmpty();
        assertThat(store.get(live)).contains(held.record());
    }

    // validation

    @Test
    void everyCallRejectsAnInvalidKey() {
        String hash = newKey().substring("v1:contract:store-contract:".length());
        List<String> invalid = List.of(
                "",
                "   ",
                "not a key",
                "v2:acme:payments:" + hash,
                "v1:ACME:payments:" + hash,
                "v1:acme:payments:" + hash.toUpperCase(Locale.ROOT),
                "v1:acme:payments:" + hash.substring(1),
                "v1:acme:payments",
                "v1::payments:" + hash);
        for (String key : invalid) {
            forEveryCall(
                    key,
                    "0123456789abcdef0123456789abcdef",
                    call -> assertThatExceptionOfType(InvalidKeyException.class)
                            .as("key \"%s\"", key)
                            .isThrownBy(call));
        }
        String longScope = "v1:acme:" + "s".repeat(33) + ":" + hash;
        forEveryCall(
                longScope,
                "0123456789abcdef0123456789abcdef",
                call -> assertThatThrownBy(call)
                        .isInstanceOfAny(InvalidKeyException.class, InvalidScopeException.class));
    }

    @Test
    void everyOwnerFencedCallRejectsABlankToken() {
        String key = newKey();
        BeginResult begin = acquire(key, LONG_LEASE);
        for (String blank : List.of("", "   ")) {
            assertThatIllegalArgumentException(() -> store.touch(key, blank, LONG_LEASE));
            assertThatIllegalArgumentException(() -> store.complete(key, blank, bytes("x"), RETENTION));
            assertThatIllegalArgumentException(() -> store.fail(key, blank, "x", "x", RETENTION));
        }
        assertThat(store.get(key)).contains(begin.record());
    }

    private static void assertThatIllegalArgumentException(ThrowingCallable call) {
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(call);
    }

    private void forEveryCall(String key, String token, Consumer<ThrowingCallable> check) {
        check.accept(() -> store.tryBegin(key, LONG_LEASE));
        check.accept(() -> store.touch(key, token, LONG_LEASE));
        check.accept(() -> store.complete(key, token, bytes("x"), RETENTION));
        check.accept(() -> store.fail(key, token, "x", "x", RETENTION));
        check.accept(() -> store.get(key));
        check.accept(() -> store.delete(key));
    }

    // concurrency

    @Test
    void racingCallersNeverShareALeaseNorLoseACompletion() throws InterruptedException {
        StoreFuzzer.Report report = new StoreFuzzer(store, 6, 8, 150).run(Duration.ofSeconds(30));
        assertThat(report.violations()).isEmpty();
        assertThat(report.acquired()).isGreaterThan(6);
        assertThat(report.conflicts() + report.replays()).isPositive();
    }
}
