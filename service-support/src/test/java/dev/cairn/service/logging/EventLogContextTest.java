package dev.cairn.service.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.jboss.logging.MDC;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLogContextTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void setsTheFourFieldsLeavesNullsOutAndRestoresWhatWasThereOnClose() {
        MDC.put(EventLogContext.PIPELINE, "outer");
        try (EventLogContext log = EventLogContext.of("ev-1", null, "photogrammetry", "m1")) {
            assertThat(MDC.get(EventLogContext.EVENT_ID)).isEqualTo("ev-1");
            assertThat(MDC.get(EventLogContext.RUN_ID)).isNull();
            assertThat(MDC.get(EventLogContext.PIPELINE)).isEqualTo("photogrammetry");
            assertThat(MDC.get(EventLogContext.PROJECT)).isEqualTo("m1");
        }
        assertThat(MDC.get(EventLogContext.PIPELINE)).isEqualTo("outer");
        assertThat(MDC.get(EventLogContext.EVENT_ID)).isNull();
        assertThat(MDC.get(EventLogContext.PROJECT)).isNull();
    }
}
