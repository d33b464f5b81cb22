package io.jloadgen.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TypeOfServiceTest {
    @Test
    void tosIsAByteInDecimalOctalOrHex() {
        assertThat(TypeOfService.parseTos("52")).isEqualTo(52);
        assertThat(TypeOfService.parseTos("064")).isEqualTo(52);
        assertThat(TypeOfService.parseTos("0x34")).isEqualTo(52);
        assertThat(TypeOfService.parseTos("0")).isZero();
        assertThat(TypeOfService.parseTos("255")).isEqualTo(255);
        assertThatThrownBy(() -> TypeOfService.parseTos("256")).hasMessage("-S/--tos: must be 0..255, not 256");
        assertThatThrownBy(() -> TypeOfService.parseTos("-1")).hasMessage("-S/--tos: must be 0..255, not -1");
        assertThatThrownBy(() -> TypeOfService.parseTos("ef")).hasMessage("-S/--tos: not a number: 'ef'");
        assertThatThrownBy(() -> TypeOfService.parseTos("09")).hasMessage("-S/--tos: not a number: '09'");
    }

    @Test
    void dscpIsACodePointShiftedIntoTheByteOrItsName() {
        assertThat(TypeOfService.parseDscp("46")).isEqualTo(0xb8);
        assertThat(TypeOfService.parseDscp("ef")).isEqualTo(0xb8);
        assertThat(TypeOfService.parseDscp("EF")).isEqualTo(0xb8);
        assertThat(TypeOfService.parseDscp("af11")).isEqualTo(0x28);
        assertThat(TypeOfService.parseDscp("AF43")).isEqualTo(0x98);
        assertThat(TypeOfService.parseDscp("cs7")).isEqualTo(0xe0);
        assertThat(TypeOfService.parseDscp("le")).isEqualTo(0x04);
        assertThat(TypeOfService.parseDscp("0x3f")).isEqualTo(0xfc);
        assertThatThrownBy(() -> TypeOfService.parseDscp("64")).hasMessage("--dscp: must be 0..63, not 64");
        assertThatThrownBy(() -> TypeOfService.parseDscp("af44"))
                .hasMessage("--dscp: a code point 0..63 or a name (af11..af43, cs0..cs7, ef, le), not 'af44'");
    }
}
