package id.campaignledger.milestone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThresholdsTest {

    private static List<String> reached(String realised, String target) {
        return Thresholds.reached(new BigDecimal(realised), new BigDecimal(target)).stream()
                .map(BigDecimal::toPlainString).toList();
    }

    @Test
    void quartersThenEveryTenfold() {
        assertEquals(List.of(), reached("249.99", "1000.00"));
        assertEquals(List.of("25"), reached("250.00", "1000.00"));
        assertEquals(List.of("25", "50", "75"), reached("999.99", "1000.00"));
        assertEquals(List.of("25", "50", "75", "100"), reached("9999.99", "1000.00"));
        assertEquals(List.of("25", "50", "75", "100", "1000"), reached("10000.00", "1000.00"));
        assertEquals(List.of(), reached("-5.00", "1000.00"));
    }

    @Test
    void bantenCrossedOneHundredOneThousandAndTenThousandPercent() {
        assertEquals(List.of("25", "50", "75", "100", "1000", "10000"),
                reached("12000000000000.00", "60000000000.00"));
    }
}
