package demo

// nlText holds the Dutch phrases, in the Belgian usage of Brussels: voetpad,
// rijweg, straatkolk, sluikstort, Net Brussel, MIVB.
var nlText = langText{
	cats: map[string]catText{
		"pothole": {
			titles: []string{
				"Put in de weg {at}",
				"Gevaarlijk gat {street} {nr}",
				"Gat{where} {at}",
			},
			what: []string{
				"Diepe put {street} {nr}|Er zit een diep gat{where} {at}, ter hoogte van nummer {nr}.",
				"Put wordt steeds groter {landmark}|Er is een put ontstaan{where} {landmark} en die wordt na elke regenbui groter.",
				"Put waar iedereen omheen moet {at}|{At} zit een put{where} waar iedereen omheen moet.",
				"Onzichtbare put {corner}|{Corner} zit een gat{where}; als het regent staat het vol water en zie je het niet.",
				"Ingezakt asfalt {at}|Het asfalt is ingezakt{where} {at} en er zit nu een flink gat.",
			},
			more: []string{
				"Fietsers moeten uitwijken naar het midden van de rijweg.",
				"Er zijn al verschillende auto's in gereden.",
				"'s Avonds zie je het helemaal niet.",
				"Het ligt er {since} en wordt alleen maar groter.",
			},
			variants: map[string]catText{
				"sidewalk": {more: []string{
					"Voetgangers kunnen er gemakkelijk hun enkel verzwikken.",
					"Met een kinderwagen moet je de rijweg op om het te ontwijken.",
					"Een oudere dame is er gisteren bijna over gevallen.",
				}},
				"bike_lane": {more: []string{
					"Met de fiets zie je het pas op het laatste moment.",
					"Een fietser is er vanmorgen bijna door gevallen.",
					"Je moet uitwijken naar de rijweg, en dat is gevaarlijk.",
				}},
			},
		},
		"road_surface": {
			titles: []string{
				"Slecht wegdek {at}",
				"Beschadigde verharding {landmark}",
			},
			what: []string{
				"Scheuren in de verharding {at}|De verharding{whereOf} vertoont over meerdere meters scheuren {at}.",
				"Losliggende kasseien {street} {nr}|{At} liggen de kasseien{whereOf} los en een aantal zijn er al uit.",
				"Afbrokkelend asfalt {landmark}|Het asfalt{whereOf} brokkelt af {landmark}; overal liggen steentjes.",
				"Spoorvorming {corner}|{Corner} zijn er diepe sporen ontstaan{where}.",
				"Verzakte sleuf {at}|Sinds de werken van vorig jaar is de sleuf{where} {at} verzakt.",
			},
			more: []string{
				"Als het regent, blijft het water in de putjes staan.",
				"Het lawaai van de auto's die erover rijden is hinderlijk voor de buurtbewoners.",
				"Het wordt week na week erger.",
				"Tweewielers moeten echt opletten.",
			},
		},
		"sidewalk": {
			titles: []string{
				"Voetpad in slechte staat {at}",
				"Beschadigd voetpad {street} {nr}",
			},
			what: []string{
				"Opgetilde tegels {street} {nr}|Verschillende tegels van het voetpad liggen omhoog {at}, ter hoogte van nummer {nr}.",
				"Voetpad opgeduwd door boomwortels {landmark}|De wortels van een boom hebben het voetpad {landmark} omhooggeduwd.",
				"Ontbrekende stenen in het voetpad {at}|{Corner} ontbreken er stenen in het voetpad en het gat is diep.",
				"Verzakt voetpad {at}|{At} is het voetpad over enkele meters verzakt.",
				"Gebroken boordsteen {at}|Een boordsteen is gebroken en de stukken liggen op het voetpad {at}.",
			},
			more: []string{
				"Het is niet dringend, maar het wordt erger.",
				"Het zou moeten worden hersteld voor er iemand valt.",
				"Je kunt er nog langs als je oplet.",
			},
			variants: map[string]catText{
				"yes": {more: []string{
					"Er is al iemand over gestruikeld; 's avonds is het echt gevaarlijk.",
					"Oudere buurtbewoners lopen over de rijweg om het te vermijden.",
					"Met een kinderwagen of rolstoel kom je er niet over.",
				}},
			},
		},
		"streetlight_out": {
			titles: []string{
				"Straatverlichting defect {at}",
				"Straatlamp kapot {street} {nr}",
			},
			what: []string{
				"Straatlamp gaat niet meer aan {street} {nr}|De straatlamp tegenover nummer {nr} {at} gaat niet meer aan.",
				"Straat in het donker {at}|{At} is de straatverlichting al enkele avonden uit.",
				"Knipperende lamp {landmark}|De lamp {landmark} knippert de hele nacht.",
				"Kruispunt in het donker {at}|{Corner} is het helemaal donker.",
				"Lamp brandt overdag, 's nachts uit {at}|De lamp {at} brandt overdag, maar gaat 's nachts uit.",
			},
			more: []string{
				"'s Avonds voel je je niet veilig als je te voet naar huis gaat.",
				"Veel kinderen komen hier langs op weg van school.",
				"Auto's zien de overstekende voetgangers niet.",
				"Dat duurt nu {since}.",
			},
		},
		"lamp_post": {
			titles: []string{
				"Beschadigde lichtmast {at}",
				"Lantaarnpaal beschadigd {landmark}",
			},
			what: []string{
				"Scheve lichtmast {at}|De lichtmast {at} is aangereden door een auto en helt gevaarlijk over.",
				"Luikje van lichtmast open {landmark}|Het luikje onderaan de lantaarnpaal {landmark} staat open en je ziet de kabels.",
				"Geplooide lantaarnpaal {street} {nr}|{At} is een lantaarnpaal dubbelgeplooid na een aanrijding.",
				"Doorgeroeste paal {at}|{Corner} is de paal aan de voet doorgeroest en hij beweegt als je hem aanraakt.",
			},
			more: []string{
				"Er spelen kinderen vlak naast.",
				"Er hangen elektriciteitskabels bloot; dat is gevaarlijk.",
				"Iemand heeft er lint rond gespannen, maar dat is al kapot.",
			},
		},
		"traffic_light": {
			titles: []string{
				"Verkeerslicht defect {at}",
				"Probleem met verkeerslichten {landmark}",
			},
			what: []string{
				"Verkeerslichten uit {at}|{Corner} zijn de verkeerslichten helemaal uit.",
				"Voetgangerslicht blijft op rood {at}|Het voetgangerslicht {at} blijft op rood staan; groen komt nooit.",
				"Verkeerslicht knippert oranje {at}|{At} knippert het licht al sinds vanmorgen oranje en rijdt iedereen maar wat.",
				"Drukknop voetgangerslicht kapot {landmark}|De drukknop van het voetgangerslicht {landmark} werkt niet meer.",
				"Fietslicht kapot {at}|Het fietslicht {at} is kapot en hangt aan zijn kabel.",
			},
			more: []string{
				"Tijdens de spits is het kruispunt erg gevaarlijk.",
				"Hier steken kinderen over om naar school te gaan.",
				"Ik zag twee bijna-ongelukken in tien minuten.",
			},
		},
		"traffic_sign": {
			titles: []string{
				"Beschadigd verkeersbord {at}",
				"Probleem met verkeersbord {landmark}",
			},
			what: []string{
				"Stopbord verdwenen {at}|{Corner} is het stopbord weg; alleen de paal staat er nog.",
				"Verkeersbord ligt op het voetpad {street} {nr}|Een verkeersbord ligt plat op het voetpad {at}.",
				"Bord verboden richting weggedraaid {at}|{At} is het bord 'verboden richting' weggedraaid en zien automobilisten het niet meer.",
				"Onleesbaar verkeersbord {landmark}|Het bord {landmark} zit vol stickers en is onleesbaar.",
				"Zone 30-bord omvergereden {at}|Een zone 30-bord is omvergereden door een vrachtwagen {at}.",
			},
			more: []string{
				"Automobilisten weten niet meer wie voorrang heeft.",
				"Er rijden auto's in de verkeerde richting de straat in.",
				"De paal steekt uit en hindert voetgangers.",
			},
		},
		"road_markings": {
			titles: []string{
				"Wegmarkering vervaagd {at}",
				"Onleesbare markering {landmark}",
			},
			what: []string{
				"Zebrapad bijna onzichtbaar {landmark}|Het zebrapad {landmark} is bijna onzichtbaar.",
				"Lijnen weggesleten {at}|{At} zijn de lijnen op de weg helemaal weggesleten.",
				"Fietsmarkering verdwenen {at}|De markering van het fietspad is verdwenen {at} na de werken.",
				"Stopstreep verdwenen {at}|{Corner} is er geen stopstreep meer; auto's stoppen midden op het zebrapad.",
			},
			more: []string{
				"'s Nachts en bij regen zie je niets meer.",
				"Hier steken veel kinderen over.",
				"Auto's stoppen niet meer voor voetgangers.",
			},
		},
		"bike_lane": {
			titles: []string{
				"Fietspad versperd {at}",
				"Probleem op het fietspad {street} {nr}",
			},
			what: []string{
				"Auto's op het fietspad {at}|Er staan voortdurend auto's geparkeerd op het fietspad {at}.",
				"Glasscherven op het fietspad {landmark}|Het fietspad {landmark} ligt vol glasscherven.",
				"Werf blokkeert fietspad {at}|{At} blokkeert een werf het fietspad zonder omleiding.",
				"Fietspad vol putten {at}|{Corner} ligt het fietspad vol putten.",
				"Containers op het fietspad {at}|Er staan containers op het fietspad {at}.",
			},
			more: []string{
				"Fietsers moeten tussen het verkeer rijden.",
				"Ik heb deze week al twee keer een lekke band gehad.",
				"Met kinderen op de fiets is dit echt gevaarlijk.",
			},
		},
		"transit_stop": {
			titles: []string{
				"Beschadigde MIVB-halte {at}",
				"Bushalte beschadigd {landmark}",
			},
			what: []string{
				"Ruit van wachthuisje kapot {at}|De ruit van het wachthuisje {at} is gebroken en er liggen overal scherven.",
				"Infoscherm van halte zwart {landmark}|Het scherm met de wachttijden is zwart aan de halte {landmark}.",
				"Bank van bushokje losgerukt {street} {nr}|{At} is de bank van het bushokje losgerukt.",
				"Haltepaal omvergereden {at}|{Corner} is de haltepaal omvergereden.",
				"Tramhalte zonder dak {at}|Het wachthuisje van de tram {at} heeft sinds de storm geen dak meer.",
			},
			more: []string{
				"Mensen staan in de regen te wachten.",
				"Er liggen glasscherven op de grond; pas op met kinderen.",
				"Veel ouderen gebruiken deze halte.",
			},
		},
		"bollard": {
			titles: []string{
				"Beschadigd paaltje {at}",
				"Probleem met paaltjes {landmark}",
			},
			what: []string{
				"Paaltje uitgerukt {street} {nr}|Er is een paaltje uitgerukt {at}; er zit nu een gat in het voetpad.",
				"Ontbrekende paaltjes {at}|{At} zijn verschillende paaltjes verdwenen en auto's rijden het voetpad op.",
				"Paaltje ligt op het voetpad {landmark}|Er ligt een paaltje plat op het voetpad {landmark}.",
				"Verbogen paaltje {at}|{Corner} is een paaltje omvergereden door een bestelwagen.",
			},
			more: []string{
				"Auto's parkeren weer op het voetpad.",
				"De metalen pin die uitsteekt is gevaarlijk voor voetgangers.",
				"Slechtziende mensen kunnen erover struikelen.",
			},
		},
		"abandoned_vehicle": {
			titles: []string{
				"Achtergelaten auto {at}",
				"Achtergelaten voertuig {landmark}",
			},
			what: []string{
				"Auto staat al weken stil {street} {nr}|Er staat {since} een auto op dezelfde plek {at}; de banden zijn plat.",
				"Autowrak zonder nummerplaat {at}|{At} neemt een autowrak zonder nummerplaat een parkeerplaats in.",
				"Bestelwagen staat stil {landmark}|Een bestelwagen vol stof staat {since} stil {landmark}.",
				"Auto met ingeslagen ruiten {at}|{Corner} is een auto met ingeslagen ruiten achtergelaten.",
			},
			more: []string{
				"Hij staat vol afval.",
				"Er steken verschillende boetes achter de ruitenwisser.",
				"Mensen beginnen er hun vuilniszakken naast te zetten.",
			},
			variants: map[string]catText{
				"bike": {
					titles: []string{
						"Achtergelaten fiets {at}",
						"Fietswrak {landmark}",
					},
					what: []string{
						"Fiets zonder wielen {street} {nr}|Er hangt {since} een fiets zonder wielen aan de fietsbeugel {at}.",
						"Verroest fietswrak {at}|{At} neemt een verroest fietswrak een fietsbeugel in.",
						"Gestripte fiets {landmark}|Een gestripte fiets staat vastgemaakt aan de paal {landmark}.",
					},
					more: []string{
						"Hij neemt een plaats in die we goed kunnen gebruiken.",
						"Alleen het frame en het zadel zijn er nog.",
						"De onderdelen liggen verspreid over het voetpad.",
					},
				},
				"scooter": {
					titles: []string{
						"Achtergelaten step {at}",
						"Hinderlijke step {landmark}",
					},
					what: []string{
						"Step dwars over het voetpad {at}|Een deelstep ligt dwars over het voetpad {at}.",
						"Omgevallen deelsteps {street} {nr}|{At} liggen drie steps omver voor de ingang van een gebouw.",
						"Step achtergelaten {landmark}|Er staat {since} een step {landmark}.",
					},
					more: []string{
						"Rolstoelgebruikers kunnen er niet langs.",
						"Een slechtziende persoon is erover gestruikeld.",
						"Hij staat niet eens in een toegelaten zone.",
					},
				},
			},
		},
		"accessibility_barrier": {
			titles: []string{
				"Hindernis voor rolstoelgebruikers {at}",
				"Ontoegankelijk voetpad {landmark}",
			},
			what: []string{
				"Geen verlaagde boordsteen {at}|{Corner} is de boordsteen aan het zebrapad niet verlaagd.",
				"Ontbrekende geleidetegels {at}|{At} ontbreken de geleidetegels aan het zebrapad.",
				"Reclamebord midden op het voetpad {landmark}|Midden op het voetpad {landmark} staat een reclamebord; er blijft amper 60 cm over.",
				"Te steile toegangshelling {landmark}|De toegangshelling {landmark} is te steil en beschadigd.",
				"Terrassen op het hele voetpad {at}|De terrassen nemen het hele voetpad in {at}.",
			},
			more: []string{
				"Met een rolstoel kom je er niet door zonder hulp.",
				"Blinden weten niet waar de oversteekplaats begint.",
				"Met een dubbele kinderwagen moet je over de rijweg.",
			},
		},
		"oil_spill": {
			titles: []string{
				"Olie op de weg {at}",
				"Gladde rijweg {landmark}",
			},
			what: []string{
				"Oliespoor {at}|Er loopt een lang oliespoor over de rijweg {at}.",
				"Diesel op de rijweg {street} {nr}|{At} heeft een vrachtwagen over tientallen meters diesel verloren.",
				"Zeer gladde rijweg {at}|{Corner} is de rijweg erg glad; het lijkt wel olie.",
				"Plas olie na ongeval {landmark}|Er ligt een plas olie {landmark} na een ongeval.",
			},
			more: []string{
				"Er is al een scooter uitgegleden.",
				"Met de regen is het een echte schaatsbaan.",
				"Er zou zo snel mogelijk zand op moeten.",
			},
		},
		"ice_snow": {
			titles: []string{
				"Sneeuw of ijzel {at}",
				"Gladheid {landmark}",
			},
			what: []string{
				"IJzel op het voetpad {at}|{At} is het voetpad één ijsplaat; niemand heeft gestrooid.",
				"Besneeuwd fietspad {at}|{At} is het fietspad niet sneeuwvrij gemaakt en is de sneeuw in ijs veranderd.",
				"Zebrapad vol ijzel {at}|{Corner} ligt het zebrapad vol ijzel.",
				"Sneeuw op het voetpad {landmark}|De sneeuw is op het voetpad {landmark} geschoven en blokkeert de doorgang.",
			},
			more: []string{
				"Ik zag vanmorgen twee mensen vallen.",
				"Oudere mensen durven niet meer naar buiten.",
				"De andere straten in de buurt zijn gestrooid, deze niet.",
			},
		},
		"dangerous_tree": {
			titles: []string{
				"Gevaarlijke boom {at}",
				"Boom of tak te beveiligen {landmark}",
			},
			what: []string{
				"Afgebroken tak boven het voetpad {at}|Door de wind is een grote tak afgebroken die boven het voetpad hangt {at}.",
				"Omgevallen boom {street} {nr}|{At} is een boom over het voetpad gevallen.",
				"Boom helt over {landmark}|De boom {landmark} helt steeds meer over en de wortels duwen de grond omhoog.",
				"Dode tak dreigt te vallen {at}|{Corner} dreigt een dode tak naar beneden te vallen.",
			},
			more: []string{
				"Er zou moeten worden ingegrepen voor de volgende storm.",
				"De takken raken al de ramen van de eerste verdieping.",
				"Je kunt er nog omheen lopen.",
			},
			variants: map[string]catText{
				"yes": {more: []string{
					"Het kan elk moment op een voorbijganger vallen.",
					"De doorgang is volledig versperd.",
					"Er lopen kinderen onder door op weg naar school.",
				}},
			},
		},
		"missing_cover": {
			titles: []string{
				"Straatkolk of deksel beschadigd {at}",
				"Rioolputdeksel te controleren {landmark}",
			},
			what: []string{
				"Gebarsten deksel {landmark}|Het deksel van de inspectieput {landmark} is gebarsten en kantelt als je erop stapt.",
				"Rooster van straatkolk verschoven {at}|{Corner} is het rooster van de straatkolk verschoven.",
				"Rammelend rooster {street} {nr}|{At} ligt het rooster van de straatkolk los en het klappert als er auto's over rijden.",
			},
			more: []string{
				"Het gat ligt niet open, maar het kan elk moment begeven.",
				"Het maakt een enorm lawaai telkens als er een auto over rijdt.",
				"Het is nog niet gevaarlijk, maar het zou moeten worden vastgezet.",
			},
			variants: map[string]catText{
				"yes": {
					what: []string{
						"Rioolputdeksel ontbreekt {at}|Het deksel van de rioolput {at} is verdwenen en het gat ligt open.",
						"Straatkolk zonder rooster {street} {nr}|{At} is het rooster van de straatkolk in twee gebroken en in het gat gevallen.",
						"Open put {landmark}|Het deksel van de inspectieput {landmark} is verdwenen.",
					},
					more: []string{
						"Iemand kan erin vallen.",
						"Een fietser kan er met zijn wiel in terechtkomen.",
						"Iemand heeft er voorlopig een pallet op gelegd, maar dat is niet genoeg.",
					},
				},
			},
		},
		"clogged_drain": {
			titles: []string{
				"Verstopte straatkolk {at}",
				"Riool verstopt {landmark}",
			},
			what: []string{
				"Straatkolk vol bladeren {at}|De straatkolk {at} is verstopt met bladeren en aarde.",
				"Grote plas bij elke regenbui {street} {nr}|{At} loopt het water niet meer weg en bij elke bui ontstaat een grote plas.",
				"Straatkolken vol afval {at}|{Corner} zitten de straatkolken vol afval.",
				"Stinkende straatkolk {landmark}|De straatkolk {landmark} stinkt en het water blijft staan.",
			},
			more: []string{
				"Voetgangers worden natgespat door voorbijrijdende auto's.",
				"Het water loopt tot in de kelders van de huizen.",
				"In de winter wordt de plas een ijsbaan.",
			},
		},
		"missed_collection": {
			titles: []string{
				"Ophaling vergeten {at}",
				"Zakken niet opgehaald {street} {nr}",
			},
			what: []string{
				"Witte zakken niet opgehaald {at}|De witte zakken zijn niet opgehaald {at}, hoewel het ophaaldag was.",
				"Blauwe zakken staan er nog {at}|{At} staan de blauwe zakken nog altijd op het voetpad, ook al is de vuilniswagen voorbijgekomen.",
				"Opengescheurde vuilniszakken {landmark}|Zakken zijn opengescheurd door dieren {landmark} en het afval ligt overal.",
				"Oneven kant niet opgehaald {at}|De hele straat is opgehaald behalve de oneven kant {at}.",
				"Gele zakken niet opgehaald {at}|{Corner} is de ophaling van de gele zakken vergeten.",
			},
			more: []string{
				"Meeuwen en vossen scheuren 's nachts de zakken open.",
				"Met de warmte stinkt het verschrikkelijk.",
				"Het is al de tweede keer deze maand.",
				"Het afval waait de rijweg op.",
			},
		},
		"illegal_dumping": {
			titles: []string{
				"Sluikstort {at}",
				"Sluikstort {street} {nr}",
				"Afval gedumpt {landmark}",
			},
			what: []string{
				"Sluikstort {at}|Er is een hoop afval achtergelaten {at}.",
			},
			more: []string{
				"De hoop wordt elke dag groter.",
				"Het trekt ratten aan.",
				"Dit is al de derde keer deze maand op dezelfde plek.",
				"Het voetpad is helemaal versperd.",
			},
			variants: map[string]catText{
				"bags": {what: []string{
					"Hoop vuilniszakken {at}|Er zijn een tiental vuilniszakken achtergelaten {at}, buiten de ophaaldagen.",
					"Niet-reglementaire zakken {at}|{At} stapelen zich niet-reglementaire zwarte zakken op aan de voet van een boom.",
					"Zakken en dozen gedumpt {landmark}|Een hoop zakken en dozen is gedumpt {landmark}.",
				}},
				"furniture": {what: []string{
					"Matras achtergelaten {at}|Er zijn een matras en een bedbodem op het voetpad gezet {at}.",
					"Zetel en kast op het voetpad {street} {nr}|{At} heeft iemand een zetel, een gedemonteerde kast en stoelen achtergelaten.",
					"Kapotte meubels gedumpt {landmark}|Er zijn kapotte meubels gedumpt {landmark}.",
					"Koelkast en wasmachine achtergelaten {at}|{Corner} staan een koelkast en een oude wasmachine op het voetpad.",
				}},
				"construction": {what: []string{
					"Bouwpuin gedumpt {at}|Er zijn zakken puin en gipsplaten achtergelaten {at}.",
					"Bouwafval {street} {nr}|{At} heeft iemand een bestelwagen vol bouwafval leeggemaakt.",
					"Bakstenen en glaswol {landmark}|Er ligt een hoop bakstenen, gebroken tegels en glaswol {landmark}.",
				}},
				"hazardous": {
					what: []string{
						"Vaten met olie achtergelaten {at}|Er zijn vaten met afgewerkte olie achtergelaten {at}.",
						"Lekkende verfpotten {street} {nr}|{At} lekken open verfpotten op het voetpad.",
						"Chemische producten gedumpt {landmark}|Iemand heeft gasflessen en chemische producten achtergelaten {landmark}.",
					},
					more: []string{
						"Het ruikt sterk naar solvent.",
						"Er spelen kinderen vlakbij, dat is onrustwekkend.",
						"Het product begint naar de straatkolk te lopen.",
					},
				},
			},
		},
		"overflowing_bin": {
			titles: []string{
				"Volle vuilnisbak {at}",
				"Afval rond de vuilnisbakken {landmark}",
			},
			what: []string{
				"Vuilnisbak puilt uit {at}|De openbare vuilnisbak {at} puilt uit en het afval waait weg.",
				"Glasbollen vol {at}|{At} zijn de glasbollen vol en stapelen de flessen zich errond op.",
				"Vuilnisbak niet geleegd {landmark}|De vuilnisbak {landmark} is al dagen niet geleegd.",
				"Zakken naast de vuilnisbak {at}|{Corner} staan volle zakken naast de vuilnisbak.",
			},
			more: []string{
				"Er ligt overal afval op het voetpad.",
				"In het weekend is het nog erger.",
				"Duiven en meeuwen halen alles eruit.",
				"Een extra vuilnisbak zou hier nuttig zijn.",
			},
		},
		"graffiti": {
			titles: []string{
				"Graffiti {street} {nr}",
				"Tags {landmark}",
			},
			what: []string{
				"Tags op een gevel {at}|{At} is vannacht een gevel volgespoten met tags.",
				"Getagde elektriciteitskast {at}|{At} zit een elektriciteitskast vol tags.",
				"Beledigende graffiti {landmark}|Er is een beledigende graffiti gespoten {landmark}.",
				"Muren vol tags {at}|{Corner} zitten de muren weer vol tags.",
				"Banken en vuilnisbak getagd {landmark}|Iemand heeft de banken en de vuilnisbak getagd {landmark}.",
			},
			more: []string{
				"Ze komen terug telkens als ze worden verwijderd.",
				"Sommige boodschappen zijn schokkend voor kinderen die voorbijkomen.",
				"Het geeft de hele buurt een verwaarloosde indruk.",
				"Je ziet het van ver.",
			},
		},
		"vegetation": {
			titles: []string{
				"Hinderlijke begroeiing {at}",
				"Woekerend groen {landmark}",
			},
			what: []string{
				"Haag groeit over het voetpad {at}|Een haag groeit over het voetpad {at}, waardoor je op de rijweg moet lopen.",
				"Hoog onkruid {at}|{At} groeit het onkruid tussen de stenen meer dan 50 cm hoog.",
				"Takken verbergen verkeersbord {at}|{Corner} verbergen de takken van een boom het verkeersbord volledig.",
				"Bomen moeten gesnoeid worden {landmark}|De bomen {landmark} zijn niet gesnoeid en raken de gevels.",
				"Braamstruiken op het voetpad {street} {nr}|Braamstruiken overwoekeren het voetpad {at}.",
			},
			more: []string{
				"Er is al maanden niemand langsgekomen.",
				"Met een kinderwagen kom je er niet meer door.",
				"Het wordt echt hinderlijk voor voetgangers.",
			},
		},
		"street_furniture": {
			titles: []string{
				"Beschadigd straatmeubilair {at}",
				"Kapot straatmeubilair {landmark}",
			},
			what: []string{
				"Kapotte bank {landmark}|Van de bank {landmark} is een plank gebroken en er steken nagels uit.",
				"Fietsbeugels uitgerukt {at}|{At} zijn de fietsbeugels uit de grond gerukt.",
				"Drinkfontein werkt niet {landmark}|De drinkwaterfontein {landmark} werkt niet meer.",
				"Omgevallen plantenbak {at}|{Corner} is een betonnen plantenbak omvergereden.",
				"Verbogen fietsrek {street} {nr}|Het fietsrek {at} is verbogen; je kunt er geen fiets meer aan vastmaken.",
			},
			more: []string{
				"Het wordt nochtans elke dag gebruikt.",
				"Het is jammer voor de buurt.",
				"Iemand kan zich eraan verwonden.",
			},
		},
		"vandalism": {
			titles: []string{
				"Vandalisme {at}",
				"Beschadiging van openbaar bezit {landmark}",
			},
			what: []string{
				"Gedenkplaat weggerukt {at}|De gedenkplaat {at} is weggerukt.",
				"Beschadigd standbeeld {at}|{At} is het standbeeld beschilderd en is een deel van de sokkel gebroken.",
				"Infobord ingeslagen {landmark}|De ruiten van het gemeentelijke infobord {landmark} zijn ingeslagen.",
				"Parkhekken opengebroken {at}|{Corner} zijn de hekken van het park opengebroken en verbogen.",
			},
			more: []string{
				"Het doet pijn om te zien.",
				"Er liggen brokstukken op de grond.",
				"Het is niet de eerste keer.",
			},
		},
		"playground": {
			titles: []string{
				"Beschadigde speeltuin {at}",
				"Gevaarlijke speeltoestellen {landmark}",
			},
			what: []string{
				"Schommel met gebroken ketting {at}|Van een van de schommels in de speeltuin {at} is een ketting gebroken.",
				"Glijbaan met barst {at}|{At} heeft de glijbaan een barst met scherpe randen.",
				"Valondergrond losgekomen {landmark}|De valondergrond van de speeltuin {landmark} is op sommige plaatsen losgekomen.",
				"Hek van de speeltuin open {at}|Het hek van de speeltuin {at} staat open en geeft uit op de straat.",
			},
			more: []string{
				"De kinderen blijven erop spelen.",
				"Op woensdagnamiddag zijn hier veel gezinnen.",
				"Er zou op zijn minst een lint moeten komen om de toegang te verbieden.",
			},
		},
		"other": {
			titles: []string{
				"Probleem {at}",
				"Probleem {landmark}",
			},
			what: []string{
				"Waterlek op het voetpad {at}|Er loopt voortdurend water uit het voetpad {at}; het lijkt een lek.",
				"Loshangende kabels {street} {nr}|{At} hangen kabels van een gevel tot op hoofdhoogte.",
				"Achtergelaten werfhekken {landmark}|Er staan werfhekken {landmark}, terwijl de werf al lang afgelopen is.",
				"Ratten {at}|{Corner} zijn er steeds meer ratten.",
				"Te melden probleem {street} {nr}|Ik weet niet welke categorie ik moet kiezen: het probleem is {at}, ter hoogte van nummer {nr}.",
			},
			more: []string{
				"Ik weet niet tot wie ik me moet richten.",
				"Gelieve dit door te geven aan de juiste dienst.",
				"Verschillende buren klagen erover.",
			},
		},
	},
	fallback: catText{
		titles: []string{"{cat} {at}", "{cat} {landmark}"},
		what: []string{
			"Ik meld een probleem {at}, ter hoogte van nummer {nr}.",
			"{Corner} is er een probleem dat aandacht verdient.",
		},
		more: []string{"Verschillende buren klagen erover.", "Dat duurt nu {since}."},
	},
	closings: []string{
		"Alvast bedankt.",
		"Dank bij voorbaat.",
		"Graag een snelle tussenkomst.",
		"Bedankt om dit op te volgen.",
		"Vriendelijke groeten.",
		"Bedankt!",
	},
	landmarks: []string{
		"voor de school", "bij de bushalte", "naast de apotheek",
		"tegenover de bakker", "aan de ingang van het park", "voor de kerk",
		"aan de uitgang van het metrostation", "bij de crèche", "voor de supermarkt",
		"naast het Villo!-station", "bij het gemeentehuis", "tegenover het café",
		"voor de bibliotheek", "bij de tramhalte",
	},
	since: []string{
		"al enkele weken", "al meer dan een maand", "al minstens twee weken", "al maanden",
	},
	where: map[string]string{
		"roadway": " in het wegdek", "sidewalk": " in het voetpad", "bike_lane": " in het fietspad",
	},
	whereOf: map[string]string{
		"roadway": " van de rijweg", "sidewalk": " van het voetpad", "bike_lane": " van het fietspad",
	},
	answerSentences: map[string]string{
		"pothole.size_cm":            "Het gat is ongeveer {n} cm breed.",
		"streetlight_out.lights_out": "In totaal zijn er {n} lampen uit.",
	},
	details: []string{
		"Rolstoelgebruikers moeten omrijden via de rijweg.",
		"Mijn moeder loopt met een rollator en kan hier niet alleen oversteken.",
		"Slechtzienden hebben geen enkel houvast om over te steken.",
		"Ouders moeten hun kinderwagen optillen om het voetpad op te komen.",
	},
	noPlate: "geen nummerplaat",
	notes: map[string][]string{
		"acknowledged": {
			"Bedankt voor uw melding. Ze is doorgegeven aan de bevoegde dienst.",
			"Melding goed ontvangen; we gaan ter plaatse kijken.",
			"Bedankt, {body} is op de hoogte gebracht.",
			"Goed ontvangen. Een medewerker komt de situatie bekijken.",
			"Bedankt voor de melding, we behandelen ze zo snel mogelijk.",
		},
		"in_progress": {
			"Onze ploegen zijn ter plaatse.",
			"De werken zijn begonnen.",
			"Er is een ploeg gestuurd om het op te lossen.",
			"De interventie is bezig; bedankt voor uw geduld.",
			"Het dossier is toevertrouwd aan onze aannemer.",
		},
		"scheduled": {
			"De herstelling is ingepland voor volgende week.",
			"Onze ploegen komen de komende dagen langs.",
			"De herstelling is voorzien tijdens onze volgende ronde in de wijk.",
			"Het materiaal is besteld; we komen langs zodra het geleverd is.",
			"Interventie gepland binnen de twee weken.",
		},
		"fixed": {
			"Het probleem is opgelost. Bedankt voor de melding.",
			"Hersteld! Bedankt voor uw oplettendheid.",
			"Interventie afgerond.",
			"Onze ploegen zijn vanmorgen langs geweest; het probleem is opgelost.",
		},
		"wont_fix": {
			"Na onderzoek is geen interventie gepland: de situatie is niet gevaarlijk.",
			"Deze inrichting is conform en wordt niet gewijzigd.",
			"Dit stuk wordt volgend jaar volledig heraangelegd; tot dan komen we niet tussen.",
			"Wegens budgettaire redenen kunnen we op dit moment geen gevolg geven aan deze vraag.",
		},
		"not_responsible": {
			"Deze plek is privéterrein; we hebben de eigenaar verwittigd.",
			"Dit valt niet onder onze bevoegdheid; de melding is doorgestuurd naar de beheerder.",
			"Het gaat om een private werf: de bouwheer is verantwoordelijk.",
			"Deze weg wordt door een andere dienst beheerd; we hebben uw melding doorgestuurd.",
		},
		"closed": {
			"We hebben ter plaatse niets vastgesteld. Meld het gerust opnieuw als het probleem terugkomt.",
			"Het probleem lijkt vanzelf verdwenen. Melding afgesloten.",
			"Melding afgesloten: de informatie volstaat niet om het probleem te lokaliseren.",
			"Dit probleem werd al behandeld via een andere melding.",
		},
	},
	systemAck: []string{
		"Melding automatisch doorgestuurd naar {body}.",
		"Uw melding is doorgestuurd naar {body}.",
	},
	reporterFixed: []string{
		"Het is hersteld, bedankt!",
		"Ik ben nog eens gaan kijken: alles is in orde.",
		"Probleem opgelost, hartelijk dank.",
		"Vanmorgen hersteld, proficiat aan de ploegen.",
	},
	fixedByCat: map[string][]string{
		"pothole":               {"De put is gedicht.", "Het gat is voorlopig opgevuld in afwachting van een volledige herstelling."},
		"road_surface":          {"Het wegdek is hersteld over het betrokken stuk.", "De kasseien zijn opnieuw gelegd."},
		"sidewalk":              {"De tegels zijn opnieuw gelegd.", "Het voetpad is hersteld."},
		"streetlight_out":       {"De lamp is vervangen.", "Het voedingsprobleem is hersteld; de verlichting werkt opnieuw."},
		"lamp_post":             {"De paal is vervangen.", "De paal is beveiligd en het luikje is gesloten."},
		"traffic_light":         {"Het verkeerslicht is hersteld en werkt normaal."},
		"traffic_sign":          {"Het bord is vervangen.", "Het bord is rechtgezet."},
		"road_markings":         {"De markering is opnieuw geschilderd."},
		"bike_lane":             {"Het fietspad is vrijgemaakt.", "Het fietspad is schoongemaakt."},
		"transit_stop":          {"De ruit van het wachthuisje is vervangen.", "Het wachthuisje is hersteld."},
		"bollard":               {"Het paaltje is vervangen."},
		"abandoned_vehicle":     {"Het voertuig is weggehaald.", "Het wrak is door onze diensten verwijderd."},
		"accessibility_barrier": {"De boordsteen is verlaagd.", "De hindernis is verwijderd."},
		"oil_spill":             {"De rijweg is gereinigd en met zand bestrooid."},
		"ice_snow":              {"Het stuk is sneeuwvrij gemaakt en gestrooid."},
		"dangerous_tree":        {"De tak is afgezaagd en weggehaald.", "De boom is beveiligd."},
		"missing_cover":         {"Het deksel is vervangen.", "Er is een nieuw rooster geplaatst."},
		"clogged_drain":         {"De straatkolk is geruimd."},
		"missed_collection":     {"De zakken zijn opgehaald."},
		"illegal_dumping":       {"Het sluikstort is opgeruimd.", "Het afval is opgehaald; er loopt een onderzoek om de dader te vinden."},
		"overflowing_bin":       {"De vuilnisbak is geleegd.", "De glasbol is geleegd en de omgeving is schoongemaakt."},
		"graffiti":              {"De graffiti is verwijderd."},
		"vegetation":            {"Er is gesnoeid.", "Er is gewied."},
		"street_furniture":      {"Het straatmeubilair is hersteld."},
		"vandalism":             {"De schade is hersteld."},
		"playground":            {"Het speeltoestel is hersteld en de speeltuin is weer open."},
	},
	private: []string{
		"Doorgegeven aan de wegenploeg van sector noord.",
		"Werkbon aangemaakt.",
		"Wachten op levering van onderdelen.",
		"Ter plaatse gecontroleerd door de wijkagent.",
		"Samen te nemen met de andere meldingen in deze straat.",
		"Aannemer telefonisch herinnerd.",
		"Foto's genomen tijdens het bezoek; dossier volledig.",
		"Prioriteit verhoogd: meerdere meldingen op dezelfde plek.",
	},
	hiddenPrivate: []string{
		"Melding verborgen: ze bevat persoonsgegevens.",
		"Ongepaste inhoud.",
		"Testmelding.",
	},
	firstNames: []string{
		"Jan", "Lotte", "Pieter", "Sanne", "Wout", "Eline", "Bram", "Fien",
		"Jeroen", "Lies", "Tom", "Hanne", "Joris", "Nele", "Koen", "Ilse",
		"Arne", "Marieke", "Stijn", "Ans", "Bilal", "Soumaya", "Ruben", "Kato",
	},
}
